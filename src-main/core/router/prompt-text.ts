import { contentText, type ChatMessage } from '../../../src-shared/chat';

/** Classifiers look at most this much text: enough to judge a prompt, bounded for speed. */
const MAX_CLASSIFY_CHARS = 8000;

/**
 * Context a coding agent adds to the user's turn (Claude Code: environment, git status, date,
 * available skills), which would make every prompt look like a complex coding task.
 */
const REMINDER = /<system-reminder>[\s\S]*?<\/system-reminder>/g;

function userWords(text: string): string {
  return text.includes('<system-reminder>') ? text.replace(REMINDER, '').trim() : text;
}

/**
 * The text a classifier judges: the latest user turn, which is what the model must answer now,
 * without the reminders an agent wraps around it. Falls back to all text when there is no user
 * turn (e.g. a system-only request).
 */
export function promptForClassification(messages: ChatMessage[]): string {
  for (let i = messages.length - 1; i >= 0; i--) {
    const m = messages[i];
    if (m?.role === 'user') {
      const text = userWords(contentText(m.content));
      if (text.trim() !== '') return text.slice(0, MAX_CLASSIFY_CHARS);
    }
  }
  return messages.map((m) => contentText(m.content)).join('\n').slice(0, MAX_CLASSIFY_CHARS);
}

/** Text stored with the record when prompt storage is on: the whole conversation's user turns. */
export function promptForStorage(messages: ChatMessage[]): string {
  return messages
    .filter((m) => m.role === 'user')
    .map((m) => contentText(m.content))
    .join('\n\n');
}
