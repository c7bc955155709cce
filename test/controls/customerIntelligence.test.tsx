/**
 * @jest-environment jsdom
 *
 * The intelligence control through the real lifecycle over the emulator, per persona: predictions and
 * enrichments in the user's format, and nothing of a customer whose profile the user may not read, even for
 * the insights analyst, to whom Dataverse returns every root-owned row.
 */
import { screen, waitFor, within } from '@testing-library/react';
import { CustomerIntelligence } from '../../components/CustomerIntelligence';
import { CustomerMeasures } from '../../components/CustomerMeasures';
import { CustomerProfileCard } from '../../components/CustomerProfileCard';
import { SegmentMembership } from '../../components/SegmentMembership';
import { DataverseEmulator, PERSONAS, type SampleContactKey, type StoredRow } from '../dataverse';
import { COMPANY_DATA_PROVIDER } from '../dataverse/intelligence';
import { destroyAll, factsOf, mountOnContactForm, pageMarkup, pageText, type FormOptions } from './mount';

let dv: DataverseEmulator;
beforeEach(() => {
    dv = DataverseEmulator.withSyntheticTenant({ seed: 7 });
});
afterEach(destroyAll);

const mountIntelligence = (options: FormOptions = {}) => mountOnContactForm(dv, 'CustomerIntelligence', CustomerIntelligence, options);
const settled = () => waitFor(() => expect(document.querySelector('section[aria-busy="false"]')).not.toBeNull());
const stateShown = (kind: string) => waitFor(() => expect(document.querySelector(`[data-state="${kind}"]`)).not.toBeNull());
const requestsTo = (table: string) => dv.log.entries.filter((entry) => entry.table === table);
const liveText = () => document.querySelector('[aria-live="polite"]')?.textContent ?? '';

/** The rows the tenant stores for a sample contact's customer, read from the emulator's tenant, not through the control. */
function storedRows(key: Exclude<SampleContactKey, 'noProfile'>, table: 'msdynci_prediction' | 'msdynci_enrichment'): StoredRow[] {
    const { customerId } = factsOf(dv, key);
    return [...dv.tenant.rows(table)].filter((row) => row.msdynci_customerid === customerId);
}

function storedValues(key: Exclude<SampleContactKey, 'noProfile'>, model: string): Record<string, unknown> {
    const row = storedRows(key, 'msdynci_prediction').find((r) => r.msdynci_model === model);
    if (row === undefined) throw new Error(`no ${model} for ${key}`);
    return JSON.parse(String(row.msdynci_values)) as Record<string, unknown>;
}

const card = (model: string) => {
    const element = document.querySelector<HTMLElement>(`[data-model="${model}"]`);
    if (element === null) throw new Error(`no card for ${model}`);
    return element;
};
const valueOf = (container: HTMLElement, key: string) => container.querySelector(`[data-value="${key}"] dd`)?.textContent ?? '';

describe('customer intelligence for a user who may read the profile and the root-owned rows', () => {
    it('shows one section per model, values in the right format, and enrichments grouped with their provider', async () => {
        const churn = storedValues('serviceAgentCustomer', 'ChurnModel');
        const clv = storedValues('serviceAgentCustomer', 'CustomerLifetimeValue');
        mountIntelligence({ persona: 'administrator' });
        const region = await screen.findByRole('region', { name: 'Customer intelligence' });
        await within(region).findByRole('heading', { name: 'Predictions' });

        expect(within(region).getAllByRole('heading', { level: 4 }).map((h) => h.textContent)).toStrictEqual([
            'Churn Model',
            'Customer Lifetime Value',
            'Product Recommendation',
            'Brand Affinity',
            'Company Data',
            'Interest Affinity',
        ]);
        // A probability as a percentage with a text band, never colour alone.
        const churnText = valueOf(card('ChurnModel'), 'ChurnScore');
        const score = Number(churn.ChurnScore);
        expect(churnText).toContain(new Intl.NumberFormat('en-US', { style: 'percent', maximumFractionDigits: 1 }).format(score));
        expect(churnText).toContain(score < 1 / 3 ? 'Low likelihood' : score < 2 / 3 ? 'Medium likelihood' : 'High likelihood');
        expect(valueOf(card('ChurnModel'), 'ChurnRisk')).toBe(String(churn.ChurnRisk));
        // Currency in the user's format; a plain number stays a number.
        expect(valueOf(card('CustomerLifetimeValue'), 'PredictedLifetimeValue')).toBe(new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD' }).format(Number(clv.PredictedLifetimeValue)));
        expect(valueOf(card('CustomerLifetimeValue'), 'PredictionWindowMonths')).toBe('12');
        // A short ranked list.
        const products = within(card('ProductRecommendation')).getByRole('list');
        expect(products.tagName).toBe('OL');
        expect(within(products).getAllByRole('listitem')).toHaveLength(5);
        expect(card('ProductRecommendation').textContent).toContain('1 more');
        for (const provider of ['CustomerInsights']) expect(card('ChurnModel').textContent).toContain(`Provided by ${provider}`);

        const company = document.querySelector<HTMLElement>('[data-enrichment="CompanyData"]');
        expect(company?.textContent).toContain(`Provided by ${COMPANY_DATA_PROVIDER}`);
        expect(pageMarkup()).toContain('Northwind Company Data &amp; Co.');
        expect(pageText()).not.toContain('[object Object]');
    });

    it('shows affinities as ranked bars with the number as text', async () => {
        const brands = storedRows('serviceAgentCustomer', 'msdynci_enrichment')
            .filter((row) => row.msdynci_enrichmenttype === 'BrandAffinity')
            .map((row) => JSON.parse(String(row.msdynci_values)) as { BrandName: string; AffinityScore: number; AffinityLevel: string })
            .sort((a, b) => b.AffinityScore - a.AffinityScore);
        expect(brands.length).toBe(3);
        mountIntelligence({ persona: 'administrator' });
        await screen.findByRole('heading', { name: 'Enrichments' });
        const group = document.querySelector<HTMLElement>('[data-enrichment="BrandAffinity"]');
        const bars = within(group as HTMLElement).getAllByRole('listitem');
        expect(bars.map((bar) => bar.firstElementChild?.textContent)).toStrictEqual(brands.map((brand) => brand.BrandName));
        bars.forEach((bar, index) => {
            const brand = brands[index];
            expect(bar.textContent).toContain(new Intl.NumberFormat('en-US', { maximumFractionDigits: 2 }).format(brand?.AffinityScore ?? -1));
            expect(bar.textContent).toContain(brand?.AffinityLevel);
            // The bar itself is decoration: hidden from screen readers, which read the number.
            expect(bar.querySelector('[aria-hidden="true"]')).not.toBeNull();
        });
        const interests = document.querySelector<HTMLElement>('[data-enrichment="InterestAffinity"]');
        expect(within(interests as HTMLElement).getAllByRole('listitem').length).toBe(4);
    });

    it('announces what loaded in the polite live region and shows the profile business unit with freshness', async () => {
        mountIntelligence({ persona: 'administrator' });
        await screen.findByRole('heading', { name: 'Predictions' });
        expect(liveText()).toBe('3 predictions loaded 3 enrichments loaded');
        // Both tables belong to the root business unit; the badge names the customer's own.
        expect(screen.getByLabelText('Business unit: United States')).toBeTruthy();
        expect(screen.getByText(/^Updated /)).toBeTruthy();
    });

    it('reads one request per table, after the profile read, with every column named', async () => {
        mountIntelligence({ persona: 'administrator' });
        await settled();
        const profile = requestsTo('msdynci_customerprofile');
        expect(profile).toHaveLength(1);
        for (const table of ['msdynci_prediction', 'msdynci_enrichment']) {
            const entries = requestsTo(table);
            expect(entries).toHaveLength(1);
            expect(entries[0]?.seq ?? 0).toBeGreaterThan(profile[0]?.seq ?? Infinity);
            expect(entries[0]?.query).toMatch(/\$select=/);
        }
    });
});

describe('the insights analyst: Organization read on root-owned tables, Business Unit read on profiles', () => {
    it('can read the root-owned rows of another business unit\'s customer through the Web API (the leak is real)', async () => {
        const facts = factsOf(dv, 'otherRegionCustomer');
        const answer = await dv.webApi(PERSONAS.insightsAnalyst.userId).retrieveMultipleRecords('msdynci_prediction', `?$select=msdynci_values&$filter=msdynci_customerid eq '${facts.customerId}'`);
        expect(answer.entities.length).toBeGreaterThan(0);
    });

    it.each<[Exclude<SampleContactKey, 'noProfile'>]>([['otherRegionCustomer'], ['unmappedCustomer'], ['teamOwned']])(
        'shows the profile card\'s state for %s and reads nothing of its predictions or enrichments',
        async (contact) => {
            const facts = factsOf(dv, contact);
            const predictionIds = storedRows(contact, 'msdynci_prediction').map((row) => String(row.msdynci_predictionid));
            const enrichmentValues = storedRows(contact, 'msdynci_enrichment').map((row) => String(row.msdynci_values));
            mountOnContactForm(dv, 'CustomerProfileCard', CustomerProfileCard, { persona: 'insightsAnalyst', contact });
            mountIntelligence({ persona: 'insightsAnalyst', contact });
            await waitFor(() => expect(document.querySelectorAll('[data-state="notVisible"]')).toHaveLength(2));

            expect(requestsTo('msdynci_prediction')).toHaveLength(0);
            expect(requestsTo('msdynci_enrichment')).toHaveLength(0);
            const markup = pageMarkup();
            expect(markup).not.toContain(facts.customerId);
            expect(markup).not.toContain(facts.fullName);
            for (const id of predictionIds) expect(markup).not.toContain(id);
            expect(document.querySelector('[data-part], [data-model], [data-enrichment]')).toBeNull();
            expect(enrichmentValues.length).toBeGreaterThan(0);
            expect(liveText()).toBe('Not visible in your business unit');
        },
    );

    it('shows the predictions of a customer whose profile it may read, also one linked only through an alternate key', async () => {
        for (const contact of ['serviceAgentCustomer', 'alternateKeyOnly'] as const) {
            mountIntelligence({ persona: 'insightsAnalyst', contact });
            await screen.findByRole('heading', { name: 'Churn Model' });
            expect(document.querySelector('[data-state]')).toBeNull();
            destroyAll();
        }
    });

    it('says "no profile" for a contact without one and reads no root-owned table', async () => {
        mountIntelligence({ persona: 'insightsAnalyst', contact: 'noProfile' });
        await stateShown('noProfile');
        expect(requestsTo('msdynci_prediction')).toHaveLength(0);
        expect(requestsTo('msdynci_enrichment')).toHaveLength(0);
    });

    it('drops rows of another customer that a misbehaving server adds to the answers', async () => {
        const other = factsOf(dv, 'otherRegionCustomer');
        const admin = dv.webApi(PERSONAS.administrator.userId);
        const foreign = await admin.retrieveMultipleRecords('msdynci_prediction', `?$select=msdynci_predictionid,msdynci_customerid,msdynci_model,msdynci_modelprovider,msdynci_values,_owningbusinessunit_value,modifiedon&$filter=msdynci_customerid eq '${other.customerId}'`);
        const planted = { ...foreign.entities[0], msdynci_model: 'LeakedSecretModel', msdynci_values: '{"LeakedSecretValue":0.99}' };
        const leaky = (webApi: ComponentFramework.WebApi): ComponentFramework.WebApi => ({
            ...webApi,
            retrieveMultipleRecords: async (table, options, maxPageSize) => {
                const page = await webApi.retrieveMultipleRecords(table, options, maxPageSize);
                return table === 'msdynci_prediction' || table === 'msdynci_enrichment' ? { ...page, entities: [...page.entities, ...foreign.entities, planted] } : page;
            },
        });
        mountIntelligence({ persona: 'insightsAnalyst', contact: 'serviceAgentCustomer', wrapWebApi: leaky });
        await screen.findByRole('heading', { name: 'Churn Model' });
        const markup = pageMarkup();
        expect(markup).not.toMatch(/Leaked ?Secret/);
        expect(document.querySelectorAll('[data-model="ChurnModel"]')).toHaveLength(1);
        expect(markup).not.toContain(other.customerId);
    });
});

describe('users who cannot read the root-owned rows, or anything', () => {
    it('tells the service agent (Business Unit read on root-owned tables) that none are available, without an error', async () => {
        mountIntelligence({ persona: 'serviceAgent' });
        await screen.findByText('No predictions are available to you for this customer.');
        expect(screen.getByText('No enrichments are available to you for this customer.')).toBeTruthy();
        expect(document.querySelector('[data-state]')).toBeNull();
        expect(requestsTo('msdynci_prediction')).toHaveLength(1);
    });

    it('shows the service agent another business unit\'s customer as not visible, like the profile card, without reading', async () => {
        mountIntelligence({ persona: 'serviceAgent', contact: 'otherRegionCustomer' });
        await stateShown('notVisible');
        expect(requestsTo('msdynci_prediction')).toHaveLength(0);
    });

    it('names the roles to ask for when the user has no Customer Insights role', async () => {
        mountIntelligence({ persona: 'noRole' });
        await stateShown('noPrivilege');
        expect(pageText()).toContain('Customer Insights Data Read Access');
    });
});

describe('maker settings', () => {
    it('reads nothing from a table the maker switched off', async () => {
        mountIntelligence({ persona: 'administrator', parameters: { showEnrichments: 'no' } });
        await screen.findByRole('heading', { name: 'Churn Model' });
        expect(requestsTo('msdynci_enrichment')).toHaveLength(0);
        expect(screen.queryByRole('heading', { name: 'Enrichments' })).toBeNull();
        expect(liveText()).toBe('3 predictions loaded');
        destroyAll();
        dv.log.clear();

        mountIntelligence({ persona: 'administrator', parameters: { showPredictions: 'no' } });
        await screen.findByRole('heading', { name: 'Brand Affinity' });
        expect(requestsTo('msdynci_prediction')).toHaveLength(0);
        expect(screen.queryByRole('heading', { name: 'Predictions' })).toBeNull();
    });

    it('reads nothing at all when both are switched off, and says so', async () => {
        mountIntelligence({ persona: 'administrator', parameters: { showEnrichments: 'no', showPredictions: 'no' } });
        await settled();
        expect(document.querySelector('section p')?.textContent).toBe("Predictions and enrichments are both turned off in this control's properties.");
        expect(dv.log.entries).toHaveLength(0);
    });

    it("follows the maker's list: models, keys, order, labels, formats and good/bad marks with text", async () => {
        const churn = Number(storedValues('serviceAgentCustomer', 'ChurnModel').ChurnScore);
        mountIntelligence({
            persona: 'administrator',
            parameters: {
                predictions: [
                    'CustomerLifetimeValue.PredictedLifetimeValue | Lifetime value | number',
                    `ChurnModel.ChurnScore | Churn risk | probability | < ${churn} | >= ${churn}`,
                    'ChurnModel.NotThere | Missing value | number',
                    'ChurnModel.ChurnRisk | Risk label | weird',
                ].join('\n'),
            },
        });
        await screen.findByRole('heading', { name: 'Customer Lifetime Value' });
        const clvCard = card('CustomerLifetimeValue');
        expect(screen.getAllByRole('heading', { level: 4 }).map((h) => h.textContent)).toStrictEqual(['Customer Lifetime Value', 'Churn Model', 'Brand Affinity', 'Company Data', 'Interest Affinity']);
        expect(Array.from(clvCard.querySelectorAll('dt'), (dt) => dt.textContent)).toStrictEqual(['Lifetime value']);
        expect(valueOf(clvCard, 'PredictedLifetimeValue')).not.toContain('$');
        const churnCard = card('ChurnModel');
        expect(Array.from(churnCard.querySelectorAll('dt'), (dt) => dt.textContent)).toStrictEqual(['Churn risk', 'Missing value']);
        expect(valueOf(churnCard, 'ChurnScore')).toContain('Needs attention');
        expect(valueOf(churnCard, 'NotThere')).toBe('Unavailable');
        // The unreadable line is reported to whoever can fix it, naming the property and the line.
        const skipped = document.querySelector('[data-state="ignoredLines"]');
        expect(skipped?.textContent).toContain('Predictions to show');
        expect(skipped?.textContent).toContain('4');
        expect(requestsTo('msdynci_prediction')).toHaveLength(1);
    });

    it('reads again when the maker list changes, without reading the profile again while it is cached', async () => {
        const control = mountIntelligence({ persona: 'administrator' });
        await screen.findByRole('heading', { name: 'Product Recommendation' });
        control.setParameters({ predictions: 'ChurnModel.* | Churn' });
        await waitFor(() => expect(screen.queryByRole('heading', { name: 'Product Recommendation' })).toBeNull());
        expect(screen.getByRole('heading', { name: 'Churn' })).toBeTruthy();
        expect(requestsTo('msdynci_customerprofile')).toHaveLength(1);
    });
});

describe('defensive parsing', () => {
    it('shows what could be read of corrupt and oddly shaped values and says the rest is unavailable', async () => {
        const churn = storedRows('corruptJson', 'msdynci_prediction').find((row) => row.msdynci_model === 'ChurnModel');
        expect(() => JSON.parse(String(churn?.msdynci_values)) as unknown).toThrow();
        mountIntelligence({ persona: 'insightsAnalyst', contact: 'corruptJson' });
        await stateShown('partial');
        expect(screen.getByText("Some values couldn't be read and are shown as unavailable.")).toBeTruthy();
        // The churn score before the cut is shown; the label after it is not there at all.
        expect(valueOf(card('ChurnModel'), 'ChurnScore')).toMatch(/%/);
        expect(card('ChurnModel').textContent).toContain("Part of this entry couldn't be read.");
        // Nested objects, lists of lists, 1e400 and "NaN" show as unavailable, by name.
        const clv = card('CustomerLifetimeValue');
        for (const key of ['Breakdown', 'History', 'Outlier', 'Margin']) expect(valueOf(clv, key)).toBe('Unavailable');
        expect(valueOf(clv, 'PredictedLifetimeValue')).toMatch(/\$/);
        // Not JSON at all.
        expect(card('ProductRecommendation').textContent).toContain("The values of this entry couldn't be read.");
        const text = pageText();
        for (const bad of ['[object Object]', 'NaN', 'Infinity', 'undefined']) expect(text).not.toContain(bad);
    });
});

describe('formats per language', () => {
    const LOCALES: ReadonlyArray<[number, string, string, string]> = [
        [1031, 'de-DE', 'Prognosen', 'EUR'],
        [1036, 'fr-FR', 'Prédictions', 'EUR'],
        [3082, 'es-ES', 'Predicciones', 'EUR'],
        [1025, 'ar-SA', 'التنبؤات', 'SAR'],
    ];

    it.each(LOCALES)('%s: percentages, currency and numbers in %s, strings translated', async (languageId, locale, heading, currency) => {
        const churn = Number(storedValues('serviceAgentCustomer', 'ChurnModel').ChurnScore);
        const clv = Number(storedValues('serviceAgentCustomer', 'CustomerLifetimeValue').PredictedLifetimeValue);
        mountIntelligence({ persona: 'administrator', languageId });
        await screen.findByRole('heading', { name: heading });
        expect(valueOf(card('ChurnModel'), 'ChurnScore')).toContain(new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 1 }).format(churn));
        expect(valueOf(card('CustomerLifetimeValue'), 'PredictedLifetimeValue')).toBe(new Intl.NumberFormat(locale, { style: 'currency', currency }).format(clv));
        expect(pageText()).not.toContain('Intelligence_');
        const section = document.querySelector('section[aria-labelledby]');
        expect(section?.getAttribute('dir')).toBe(languageId === 1025 ? 'rtl' : 'ltr');
    });
});

describe('states', () => {
    it('waits for the record to be saved on a create form, without sending a request', async () => {
        mountIntelligence({ newRecord: true });
        await stateShown('noRecord');
        expect(dv.log.entries).toHaveLength(0);
    });

    it('shows the offline state', async () => {
        dv.faults.networkDown = true;
        mountIntelligence({ persona: 'administrator', isOffline: () => true });
        await stateShown('offline');
    });

    it('shows an unexpected server error with a support code, never "[object Object]"', async () => {
        dv.faults.failNext(20, 'server');
        mountIntelligence({ persona: 'administrator' });
        await stateShown('unexpected');
        expect(document.querySelector('[data-state="unexpected"] code')?.textContent).toMatch(/0x80040216/);
        expect(pageText()).not.toContain('[object Object]');
    });

    it('keeps the predictions when only the enrichments cannot be read, and says why in that part', async () => {
        const refusing = (webApi: ComponentFramework.WebApi): ComponentFramework.WebApi => ({
            ...webApi,
            retrieveMultipleRecords: (table, options, maxPageSize) =>
                table === 'msdynci_enrichment'
                    ? // eslint-disable-next-line @typescript-eslint/prefer-promise-reject-errors -- the platform's webAPI rejects with this plain object
                      Promise.reject({ errorCode: 2147746336, message: 'Principal user is missing prvReadmsdynci_enrichment privilege.' })
                    : webApi.retrieveMultipleRecords(table, options, maxPageSize),
        });
        mountIntelligence({ persona: 'administrator', wrapWebApi: refusing });
        await screen.findByRole('heading', { name: 'Churn Model' });
        const enrichments = document.querySelector<HTMLElement>('[data-part="enrichments"]');
        expect(enrichments?.querySelector('[data-state="noPrivilege"]')).not.toBeNull();
        expect(liveText()).toBe('3 predictions loaded');
    });

    it('names the switch to turn off when the tenant has no prediction table', async () => {
        const noPredictionTable = (webApi: ComponentFramework.WebApi): ComponentFramework.WebApi => ({
            ...webApi,
            retrieveMultipleRecords: (table, options, maxPageSize) =>
                table === 'msdynci_prediction'
                    ? // eslint-disable-next-line @typescript-eslint/prefer-promise-reject-errors -- the platform's webAPI rejects with this plain object
                      Promise.reject({ errorCode: 0x80040217, message: "The entity with a name = 'msdynci_prediction' was not found in the MetadataCache." })
                    : webApi.retrieveMultipleRecords(table, options, maxPageSize),
        });
        mountIntelligence({ persona: 'administrator', wrapWebApi: noPredictionTable });
        await screen.findByRole('heading', { name: 'Brand Affinity' });
        const predictions = document.querySelector<HTMLElement>('[data-part="predictions"] [data-state="configuration"]');
        expect(predictions?.textContent).toContain('"Show predictions"');
        expect(predictions?.textContent).toContain('msdynci_prediction');
    });

    it('renders a designed state in the app designer (no record, no Web API) and never throws', async () => {
        const noWebApi = () => undefined as unknown as ComponentFramework.WebApi;
        mountIntelligence({ newRecord: true, wrapWebApi: noWebApi });
        await stateShown('noRecord');
        destroyAll();
        // With a record but no Web API: the error state with a code, not "Error loading control".
        mountIntelligence({ wrapWebApi: noWebApi });
        await stateShown('unexpected');
        expect(pageText()).not.toContain('[object Object]');
    });
});

describe('on a contact form with the other controls', () => {
    it.each(['administrator', 'insightsAnalyst', 'serviceAgent'] as const)('sends one request per table for the %s, the profile identity read shared', async (persona) => {
        const options: FormOptions = { persona, contact: 'serviceAgentCustomer' };
        mountOnContactForm(dv, 'CustomerProfileCard', CustomerProfileCard, options);
        mountOnContactForm(dv, 'SegmentMembership', SegmentMembership, options);
        mountOnContactForm(dv, 'CustomerMeasures', CustomerMeasures, options);
        mountIntelligence(options);
        await waitFor(() => expect(document.querySelectorAll('section[aria-busy="false"]').length).toBeGreaterThanOrEqual(4));
        const perTable = new Map<string, number>();
        for (const entry of dv.log.entries) perTable.set(entry.table, (perTable.get(entry.table) ?? 0) + 1);
        // The profile table twice: the card's read with its display columns, and the identity read the other
        // three share (issue 12: they do not wait for the card's metadata).
        expect(Object.fromEntries(perTable)).toStrictEqual(Object.fromEntries([...perTable.keys()].map((table) => [table, table === 'msdynci_customerprofile' ? 2 : 1])));
        expect([...perTable.keys()]).toStrictEqual(expect.arrayContaining(['msdynci_customerprofile', 'msdynci_prediction', 'msdynci_enrichment']));
    });
});
