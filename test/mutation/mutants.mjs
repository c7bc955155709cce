/** Helpers shared by the mutation report and whoever lists equivalent mutants. */

/** The mutated code itself (white space collapsed), so that two mutants on one line are told apart. */
export function originalOf(lines, location) {
    const { start, end } = location;
    const text = start.line === end.line ? (lines[start.line - 1] ?? '').slice(start.column - 1, end.column - 1) : [(lines[start.line - 1] ?? '').slice(start.column - 1), ...lines.slice(start.line, end.line - 1), (lines[end.line - 1] ?? '').slice(0, end.column - 1)].join('\n');
    return text.replace(/\s+/g, ' ').trim().slice(0, 200);
}
