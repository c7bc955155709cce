// Merged by pcf-scripts into its own webpack configuration for every control, because each control folder
// carries a featureconfig.json with `"pcfAllowCustomWebpack": "on"` (written by scripts/build-controls.mjs
// next to pcfconfig.json). pcf-scripts reads this file from the parent of the control folder, which is
// components/. Only what makes the bundles smaller without changing what they do (issue 12, README
// "Bundle size"); anything unsafe was measured and left out there, with the reason.
//
// - output.pathinfo false: pcf-scripts asks for path comments; in production webpack writes one as a `/*!`
//   banner, which the minimizer then keeps as a "license" comment (64 bytes per bundle) plus a
//   bundle.js.LICENSE.txt that only names ./index.ts.
// - passes 3 (webpack's default is 2) and ecma 2020 (the language level tsc emits and the supported browsers
//   run: see pcfconfig.json). No `toplevel`/`module`: they rename or drop the global `var` that pcf-scripts'
//   registration stub reads after the bundle. No property mangling, `pure_getters` or `unsafe*`: names cross
//   the PCF boundary and JSON, and the failure classifier reads properties that may throw.
module.exports = {
    output: { pathinfo: false },
    optimization: {
        minimizeOptions: {
            javascript: {
                ecma: 2020,
                compress: { passes: 3, ecma: 2020 },
                format: { ecma: 2020 },
            },
        },
    },
};
