/** @jsx h */
import * as React from 'react';
import { h } from './jsx';
import { MessageBar, MessageBarActions, mergeClasses, messageBarClassNames, type MessageBarProps } from '@fluentui/react-components';
import { useInsightsStyles } from './styles';

/**
 * Every message bar of the controls: Fluent's MessageBar laid out on several lines (the messages are
 * sentences that wrap in a narrow form column). Fluent 9.68, which model-driven apps load, ends a multiline
 * bar with a spacer of its own (`bottomReflowSpacer`, 8 px); Fluent 9.46.2, the declared version, has none
 * and takes the space below from the actions row, so there a bar without actions would end on its last line
 * of text. The controls give such a bar the same space, and only where the loaded Fluent does not.
 */
export const InsightsMessageBar: React.FC<Omit<MessageBarProps, 'layout'>> = ({ className, children, ...props }) => {
    const styles = useInsightsStyles();
    // The platform's Fluent global is read at run time: a missing export must not cost the message itself.
    const fluentSpacesBelow = typeof messageBarClassNames === 'object' && messageBarClassNames !== null && 'bottomReflowSpacer' in messageBarClassNames;
    const hasActions = React.Children.toArray(children).some((child) => React.isValidElement(child) && child.type === MessageBarActions);
    return (
        <MessageBar {...props} layout="multiline" className={mergeClasses(!fluentSpacesBelow && !hasActions && styles.messageBottomSpace, className)}>
            {children}
        </MessageBar>
    );
};
