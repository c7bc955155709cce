/**
 * The maker's activity type list and what it decides (components/CustomerInsightsTimeline/activityTypes.ts):
 * how lines are read, each entry's label and icon, the filter bar's type chips (order, case, blanks,
 * duplicates) and the types asked of the server.
 */
import { parseActivityTypes, serverTypes, typeAppearance, typeChips, type ActivityTypeList } from '../../components/CustomerInsightsTimeline/activityTypes';

describe('reading the list', () => {
    it('no text is an empty list that shows every type', () => {
        for (const text of [null, undefined, '', '\n  \n']) expect(parseActivityTypes(text)).toStrictEqual({ specs: [], includeOthers: true, rejectedLines: [] });
    });

    it('indented comments and * lines count as such', () => {
        expect(parseActivityTypes('  # Orders first\n  SalesOrder = Orders\n   *  ')).toStrictEqual({ specs: [{ type: 'SalesOrder', label: 'Orders' }], includeOthers: true, rejectedLines: [] });
    });

    it('keeps only what a line gives: no label or icon key when the line has none', () => {
        expect(parseActivityTypes('SalesOrder\nLoyalty = Points\nFeedback | feedback\nEmail = | email').specs).toStrictEqual([
            { type: 'SalesOrder' },
            { type: 'Loyalty', label: 'Points' },
            { type: 'Feedback', icon: 'feedback' },
            { type: 'Email', icon: 'email' },
        ]);
    });

    it('a label followed by an empty icon part keeps the label', () => {
        expect(parseActivityTypes('SalesOrder = Orders |')).toStrictEqual({ specs: [{ type: 'SalesOrder', label: 'Orders' }], includeOthers: false, rejectedLines: [] });
    });

    it('an icon part is one icon name: more after it makes the line rejected (the type stays, with its default icon)', () => {
        expect(parseActivityTypes('Loyalty | loyalty | extra')).toStrictEqual({ specs: [{ type: 'Loyalty' }], includeOthers: false, rejectedLines: [1] });
    });
});

describe("an entry's label and icon", () => {
    const none = parseActivityTypes('');

    it('every semantic and common type has its icon', () => {
        const icons: Record<string, string> = {
            SalesOrder: 'order',
            SalesOrderLine: 'order',
            Purchase: 'order',
            Loyalty: 'loyalty',
            Feedback: 'feedback',
            Review: 'feedback',
            Subscription: 'subscription',
            Email: 'email',
            PhoneCall: 'phone',
            Call: 'phone',
            WebVisit: 'web',
            WebSession: 'web',
            SupportCase: 'support',
            Case: 'support',
            StoreVisit: 'store',
            Appointment: 'calendar',
            Event: 'calendar',
            Anything: 'activity',
        };
        for (const [type, icon] of Object.entries(icons)) expect([type, typeAppearance(none, type, undefined).icon]).toStrictEqual([type, icon]);
    });

    it('a type stored with spaces around it still finds its listed label and its icon', () => {
        expect(typeAppearance(parseActivityTypes('SalesOrder = Orders'), '  SalesOrder ', undefined)).toStrictEqual({ label: 'Orders', icon: 'order' });
        expect(typeAppearance(none, ' PhoneCall ', undefined)).toStrictEqual({ label: 'Phone Call', icon: 'phone' });
        // A type of separators only is shown as stored, without the spaces around it.
        expect(typeAppearance(none, ' _ ', undefined)).toStrictEqual({ label: '_', icon: 'activity' });
    });

    it('the stored display name without the spaces around it', () => {
        expect(typeAppearance(none, 'Email', '  E-mail  ')).toStrictEqual({ label: 'E-mail', icon: 'email' });
    });

    it('an entry without a type takes no listed type\'s label, whatever the maker listed', () => {
        // Any listed text, also the one a mutation tool puts in place of the empty fallback.
        const list = parseActivityTypes('Stryker was here! = Listed\n = blank');
        expect(typeAppearance(list, undefined, undefined)).toStrictEqual({ label: '', icon: 'activity' });
        expect(typeAppearance(list, '   ', undefined)).toStrictEqual({ label: '', icon: 'activity' });
    });
});

describe('the type chips', () => {
    const chips = (list: ActivityTypeList, seen: Array<[string, string | undefined]>, selected: string[] = []) => typeChips(list, new Map(seen), selected, 'en-US');

    it("a listed type without a label is named by its display name as seen, whatever the case of either", () => {
        expect(chips(parseActivityTypes('webvisit'), [['WebVisit', 'Website visit']])).toStrictEqual([{ type: 'webvisit', label: 'Website visit', icon: 'web' }]);
    });

    it('each type once, whatever its case, and never a blank one', () => {
        const list = parseActivityTypes('SalesOrder = Orders\n*');
        expect(chips(list, [['salesorder', 'Sales order'], ['', 'Nothing'], ['Email', 'Email']], ['SALESORDER', 'email', '', '  ']).map((c) => c.type)).toStrictEqual(['SalesOrder', 'Email']);
        expect(chips(parseActivityTypes('SalesOrder'), [], ['salesorder', ' ']).map((c) => c.type)).toStrictEqual(['SalesOrder']);
    });

    it('others by label, ignoring case and accents, in the order seen when labels are alike', () => {
        const list = parseActivityTypes('');
        const seen: Array<[string, string | undefined]> = [
            ['Upper', 'Alpha'],
            ['Lower', 'alpha'],
            ['Accent', 'Álpha'],
            ['First', 'Aardvark'],
        ];
        expect(chips(list, seen).map((c) => c.type)).toStrictEqual(['First', 'Upper', 'Lower', 'Accent']);
        expect(chips(list, [seen[1], seen[0]]).map((c) => c.type)).toStrictEqual(['Lower', 'Upper']);
    });
});

describe('the types asked of the server', () => {
    it('a selection of listed types in another case is kept as selected', () => {
        expect(serverTypes(parseActivityTypes('SalesOrder\nLoyalty'), ['SALESORDER'])).toStrictEqual(['SALESORDER']);
    });
});
