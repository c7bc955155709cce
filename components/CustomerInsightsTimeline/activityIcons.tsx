/** @jsx h */
/**
 * Icons of activity types, as inline SVG in currentColor like the shared icons (../shared/ui/icons.tsx says
 * why not @fluentui/react-icons). Simple shapes on a 20×20 grid, drawn for this library. Decorative: the
 * type is always written next to its icon.
 */
import * as React from 'react';
import { h } from '../shared/ui/jsx';
import type { ActivityIconName } from './activityTypes';

const PATHS: Readonly<Record<ActivityIconName, string>> = {
    // A shopping cart.
    order: 'M2 3h2.4l.5 2H17l-1.6 7H6.6l.3 1H15v1H6.1L3.6 4H2V3zm3.2 3l1.2 5h8.2l1.1-5H5.2zM7 15.5a1.25 1.25 0 110 2.5 1.25 1.25 0 010-2.5zm7 0a1.25 1.25 0 110 2.5 1.25 1.25 0 010-2.5z',
    // A star.
    loyalty: 'M10 2l2.4 5.1 5.6.6-4.2 3.8 1.2 5.5L10 14.2 5 17l1.2-5.5L2 7.7l5.6-.6L10 2zm0 2.4L8.3 8.1l-4 .4 3 2.7-.8 3.9L10 13.1l3.5 2-.8-3.9 3-2.7-4-.4L10 4.4z',
    // A speech bubble.
    feedback: 'M3 3h14v10H8l-4 4v-4H3V3zm1 1v8h1v2.6L7.6 12H16V4H4zm2 2h8v1H6V6zm0 2.5h6v1H6v-1z',
    // Two arrows in a circle.
    subscription: 'M10 3a7 7 0 016.3 4H14v1h4V4h-1v2.2A8 8 0 002 10h1a7 7 0 017-7zm7 7a7 7 0 01-13.3 3H6v-1H2v4h1v-2.2A8 8 0 0018 10h-1z',
    // An envelope.
    email: 'M2 4h16v12H2V4zm1 1.4V15h14V5.4l-7 5.3-7-5.3zM3.9 5l6.1 4.6L16.1 5H3.9z',
    // A handset.
    phone: 'M5.5 2l3 3.4-1.6 2.1c.9 1.9 2.3 3.3 4.2 4.2l2.1-1.6 3.4 3-1.9 2.6C9.2 15.5 4.5 10.8 2.9 5.3L5.5 2zm-.1 1.5L4 5.5c1.5 4.6 5.4 8.5 10 10l2-1.4-2-1.8-2 1.5-.4-.2c-2.4-1-4.1-2.7-5.2-5.2l-.2-.4L7.8 6 5.4 3.5z',
    // A globe.
    web: 'M10 2a8 8 0 110 16 8 8 0 010-16zm-1.2 1.1A7 7 0 003.1 9.5h3.4c.1-2.4.9-4.7 2.3-6.4zm2.4 0c1.4 1.7 2.2 4 2.3 6.4h3.4a7 7 0 00-5.7-6.4zM7.5 9.5h5c-.1-2.3-1-4.5-2.5-6-1.5 1.5-2.4 3.7-2.5 6zm-4.4 1a7 7 0 005.7 6.4c-1.4-1.7-2.2-4-2.3-6.4H3.1zm4.4 0c.1 2.3 1 4.5 2.5 6 1.5-1.5 2.4-3.7 2.5-6h-5zm6 0c-.1 2.4-.9 4.7-2.3 6.4a7 7 0 005.7-6.4h-3.4z',
    // A headset.
    support: 'M10 2a7 7 0 017 7v5a2 2 0 01-2 2h-3v-1h3a1 1 0 001-1h-2V9h2a6 6 0 00-12 0h2v5H3V9a7 7 0 017-7zM4 10v3h1v-3H4zm11 0v3h1v-3h-1z',
    // A shop front.
    store: 'M3 3h14l1 4a2.5 2.5 0 01-1 2V17H3V9a2.5 2.5 0 01-1-2l1-4zm.8 1l-.8 3a1.5 1.5 0 003 0h1a1.5 1.5 0 003 0h1a1.5 1.5 0 003 0h1a1.5 1.5 0 003 0l-.8-3H3.8zM4 9.4V16h3v-4h6v4h3V9.4a2.5 2.5 0 01-2.5-.6 2.5 2.5 0 01-3.5.2 2.5 2.5 0 01-3.5-.2A2.5 2.5 0 014 9.4zM8 13v3h4v-3H8z',
    // A calendar.
    calendar: 'M3 4h3V2h1v2h6V2h1v2h3v13H3V4zm1 1v2h12V5H4zm0 3v8h12V8H4zm2 2h2v2H6v-2zm3 0h2v2H9v-2zm3 0h2v2h-2v-2z',
    // A dot in a circle: any other activity.
    activity: 'M10 2a8 8 0 110 16 8 8 0 010-16zm0 1a7 7 0 100 14 7 7 0 000-14zm0 4a3 3 0 110 6 3 3 0 010-6z',
};

export const ActivityIcon: React.FC<{ readonly name: ActivityIconName; readonly className?: string }> = ({ name, className }) => (
    <svg width="1em" height="1em" viewBox="0 0 20 20" fill="currentColor" aria-hidden="true" focusable="false" className={className}>
        <path d={PATHS[name]} />
    </svg>
);
