import { HighlightStyle, syntaxHighlighting } from '@codemirror/language';
import { tags } from '@lezer/highlight';

/**
 * YAML colours from the theme's variables, so one style reads well in the light and the dark
 * scheme (CodeMirror's default style is written for light backgrounds only).
 */
export const yamlHighlighting = syntaxHighlighting(
  HighlightStyle.define([
    { tag: [tags.propertyName, tags.definition(tags.propertyName)], color: 'var(--syntax-key)' },
    { tag: [tags.string, tags.special(tags.string), tags.content], color: 'var(--syntax-string)' },
    { tag: [tags.number, tags.bool, tags.null, tags.atom, tags.keyword], color: 'var(--syntax-literal)' },
    { tag: [tags.comment, tags.lineComment, tags.blockComment], color: 'var(--syntax-comment)', fontStyle: 'italic' },
    { tag: [tags.meta, tags.labelName, tags.typeName, tags.tagName], color: 'var(--syntax-meta)' },
    { tag: [tags.punctuation, tags.separator, tags.squareBracket, tags.brace], color: 'var(--text-muted)' },
  ]),
);
