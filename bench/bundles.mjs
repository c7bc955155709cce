// npm run bench:bundles: the production bundles' size, raw and gzip, per control and per form (issue 12:
// each bundle <= 40 KB raw; a form with the three form controls <= 70 KB). A form downloads each control's
// bundle once; the Customer Insights panel holds the three form controls in one bundle (the shared core once).
import { readFileSync, readdirSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { fileURLToPath } from 'node:url';

const root = join(fileURLToPath(import.meta.url), '..', '..');
const controlsDir = join(root, 'out', 'controls');
export const BUNDLE_BUDGET_BYTES = 40 * 1024;
export const FORM_BUDGET_BYTES = 70 * 1024;
const PANEL = 'CustomerInsightsPanel';
/** Controls of another page (the Journeys segment page), never on the contact form. */
const OTHER_PAGES = ['SegmentActivationReadiness'];
const THREE = ['CustomerProfileCard', 'SegmentMembership', 'CustomerMeasures'];

const kb = (bytes) => `${(bytes / 1024).toFixed(1)} KB`;

function bundles() {
    if (!existsSync(controlsDir)) throw new Error('No out/controls: run npm run build first.');
    return readdirSync(controlsDir, { withFileTypes: true })
        .filter((entry) => entry.isDirectory() && existsSync(join(controlsDir, entry.name, 'bundle.js')))
        .map((entry) => {
            const code = readFileSync(join(controlsDir, entry.name, 'bundle.js'));
            const manifest = readFileSync(join(controlsDir, entry.name, 'ControlManifest.xml'), 'utf8');
            // A grid customizer (the grid fills its EventName property) lives inside the Power Apps grid, not on a form.
            const customizer = /<property\s+name="EventName"/.test(manifest);
            return { name: entry.name, raw: code.length, gzip: gzipSync(code, { level: 9 }).length, view: /<data-set[\s>]/.test(manifest), customizer };
        })
        .sort((a, b) => a.name.localeCompare(b.name));
}

function main() {
    const all = bundles();
    const byName = new Map(all.map((b) => [b.name, b]));
    console.log(`Production bundles (out/controls), raw and gzip -9; budget ${kb(BUNDLE_BUDGET_BYTES)} raw per bundle`);
    for (const b of all) {
        const verdict = b.raw <= BUNDLE_BUDGET_BYTES ? 'within budget' : `OVER by ${kb(b.raw - BUNDLE_BUDGET_BYTES)}`;
        const kind = b.view ? 'view control  ' : b.customizer ? 'grid cells    ' : OTHER_PAGES.includes(b.name) ? 'segment page  ' : 'form control  ';
        console.log(`  ${b.name.padEnd(28)} ${String(b.raw).padStart(7)} B  ${kb(b.raw).padStart(9)} raw  ${kb(b.gzip).padStart(8)} gzip  ${kind}${verdict}`);
    }
    const forms = [];
    const form = (name, members) => {
        const present = members.map((m) => byName.get(m)).filter((b) => b !== undefined);
        if (present.length !== members.length || present.length === 0) return;
        forms.push({ name, members, raw: present.reduce((s, b) => s + b.raw, 0), gzip: present.reduce((s, b) => s + b.gzip, 0) });
    };
    form('Three form controls, separate bundles', THREE);
    form('Customer Insights panel (the same three parts)', [PANEL]);
    const otherForm = all.filter((b) => !b.view && !b.customizer && b.name !== PANEL && !THREE.includes(b.name) && !OTHER_PAGES.includes(b.name)).map((b) => b.name);
    if (otherForm.length > 0) {
        form('Every separate form control on one form', [...THREE, ...otherForm]);
        form('Panel plus the other form controls', [PANEL, ...otherForm]);
    }
    console.log('');
    console.log(`Bytes a form downloads (each bundle once); goal ${kb(FORM_BUDGET_BYTES)} raw for the three form controls`);
    for (const f of forms) {
        const verdict = f.raw <= FORM_BUDGET_BYTES ? 'within the goal' : `over the goal by ${kb(f.raw - FORM_BUDGET_BYTES)}`;
        console.log(`  ${f.name.padEnd(48)} ${kb(f.raw).padStart(9)} raw  ${kb(f.gzip).padStart(8)} gzip  ${verdict}  (${f.members.join(', ')})`);
    }
    const three = forms.find((f) => f.members === THREE);
    const panel = byName.get(PANEL);
    if (three !== undefined && panel !== undefined) {
        console.log(`  The shared core downloaded twice more with separate bundles: about ${kb(three.raw - panel.raw)} raw per form.`);
    }
}

main();
