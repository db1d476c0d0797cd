export { RuleEditor, type RuleEditorProps } from './RuleEditor';
