type Path = readonly (string | number)[];

const VALUE_PROMPTS: Readonly<Record<string, string>> = {
  addTag: 'Enter a tag name.',
  removeTag: 'Enter a tag name.',
  addToList: 'Enter a list name.',
  removeFromList: 'Enter a list name.',
  setOwner: 'Enter the owner: a user name or an email address.',
  set: 'Enter a value.',
};

function at(input: unknown, path: Path): unknown {
  let cur = input;
  for (const key of path) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Record<string | number, unknown>)[key];
  }
  return cur;
}

/**
 * What a person reads for a schema finding, from where it is in the document: the fields the
 * editor lets someone leave empty get a prompt ("Enter a tag name."), anything else names its
 * place. `input` is the document as given (not parsed). Pure.
 * @example schemaSentence(graph, ['nodes', 3, 'do', 'value'], 'Too small…') // 'Enter a tag name.'
 */
export function schemaSentence(input: unknown, path: Path, message: string): string {
  const last = path[path.length - 1];
  if (path[0] === 'nodes' && typeof path[1] === 'number') {
    if (path[2] === 'do' && path.length === 4) {
      const op = at(input, [...path.slice(0, 3), 'op']);
      if (last === 'value' && typeof op === 'string' && VALUE_PROMPTS[op]) return VALUE_PROMPTS[op];
      if (last === 'field' || last === 'from' || last === 'to') return 'Choose a field.';
      if (last === 'op') return 'Choose what this action does.';
    }
    if (path[2] === 'when' && last === 'field') return 'Choose a field.';
    if (path[2] === 'when' && last === 'op') return 'Choose a comparison.';
    if (path.length === 3 && last === 'id') return 'Every node needs an id.';
  }
  if (path.length === 2 && (path[0] === 'source' || path[0] === 'target') && last === 'app') return `The rule must name its ${path[0]} app.`;
  const where = path.length ? path.join('.') : 'the rule';
  return `This part of the rule is not valid (${where}): ${message.replace(/\.$/, '')}.`;
}
