/** @jsx h */
import * as React from 'react';
import { h } from './jsx';
import { Button, MessageBarActions, MessageBarBody, MessageBarTitle } from '@fluentui/react-components';
import { InsightsMessageBar } from './InsightsMessageBar';
import { fillTemplate, type StringLookup } from '../host/controlEnvironment';
import type { StateMessageModel } from './stateMessages';
import { useInsightsStyles } from './styles';

export interface StateMessageProps {
    readonly message: StateMessageModel;
    readonly strings: StringLookup;
    readonly onRetry?: () => void;
}

/** Resolves true when the text reached the clipboard (browsers may refuse). */
async function copyText(clipboard: Clipboard, text: string): Promise<boolean> {
    try {
        await clipboard.writeText(text);
        return true;
    } catch {
        return false;
    }
}

/** One designed message for a state (no profile, not visible, no privilege, busy, configuration, offline, unexpected). */
export const StateMessage: React.FC<StateMessageProps> = ({ message, strings, onRetry }) => {
    const styles = useInsightsStyles();
    const [copied, setCopied] = React.useState(false);
    // The clipboard answers later; the control may be destroyed by then, and React must not be told about
    // state of an unmounted component.
    const mounted = React.useRef(true);
    React.useEffect(() => {
        mounted.current = true;
        return () => {
            mounted.current = false;
        };
    }, []);
    const { supportCode } = message;
    const copy = React.useCallback(() => {
        if (supportCode === undefined) return;
        const clipboard = typeof navigator !== 'undefined' ? navigator.clipboard : undefined;
        if (clipboard === undefined) return;
        const write = async (): Promise<void> => {
            const done = await copyText(clipboard, supportCode);
            if (mounted.current) setCopied(done);
        };
        void write();
    }, [supportCode]);
    return (
        <InsightsMessageBar intent={message.intent} data-state={message.kind}>
            <MessageBarBody>
                <MessageBarTitle>{strings(message.titleKey)}</MessageBarTitle>
                {fillTemplate(strings(message.bodyKey), ...message.bodyArgs)}
                {supportCode !== undefined && (
                    <div>
                        {strings('State_SupportCode_Label')} <code className={styles.supportCode}>{supportCode}</code>
                    </div>
                )}
            </MessageBarBody>
            {(supportCode !== undefined || (message.canRetry && onRetry !== undefined)) && (
                <MessageBarActions>
                    {supportCode !== undefined && (
                        <Button size="small" onClick={copy}>
                            {strings(copied ? 'Action_Copied' : 'Action_CopyCode')}
                        </Button>
                    )}
                    {message.canRetry && onRetry !== undefined && (
                        <Button size="small" onClick={onRetry}>
                            {strings('Action_Retry')}
                        </Button>
                    )}
                </MessageBarActions>
            )}
        </InsightsMessageBar>
    );
};
