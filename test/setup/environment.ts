// Browser APIs that jsdom lacks but the controls (through Fluent and trackContainerResize) touch.
// Only defined when a DOM exists, so node-environment tests stay plain node.
if (typeof window !== 'undefined' && !('ResizeObserver' in window)) {
    class ResizeObserverStub {
        observe(): void {
            /* jsdom has no layout, so there is never anything to report */
        }
        unobserve(): void {
            /* see observe */
        }
        disconnect(): void {
            /* see observe */
        }
    }
    Object.defineProperty(window, 'ResizeObserver', { value: ResizeObserverStub, writable: true });
}
if (typeof window !== 'undefined' && !window.matchMedia) {
    Object.defineProperty(window, 'matchMedia', {
        writable: true,
        value: (query: string) => ({
            matches: false,
            media: query,
            onchange: null,
            addListener: () => undefined,
            removeListener: () => undefined,
            addEventListener: () => undefined,
            removeEventListener: () => undefined,
            dispatchEvent: () => false,
        }),
    });
}
export {};
