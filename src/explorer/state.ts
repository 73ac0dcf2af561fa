/**
 * What the explorer shows, as plain data, and its encoding in the page URL's hash: a link
 * reproduces the view (model, scenario or edited scenario text, parameter values, drugs, axes).
 */
export interface ExplorerState {
  model: string;
  /** A shipped scenario id (or the generated steady-state run of a model without one). */
  scenario: string;
  /** Scenario YAML typed or pasted in the editor, run instead of the shipped text. */
  yaml?: string;
  /** Parameter values that differ from the model's: this individual's parameters. */
  parameters: Record<string, number>;
  /** Dosing regimens switched on (src/explorer/drugs.ts). */
  drugs: string[];
  log: boolean;
  /** Quantity keys charted, in order (default: the leading ones). */
  quantities?: string[];
}

/** The hash for a state (without '#'): short keys, values in plain text, YAML in base64url. */
export function encodeState(state: ExplorerState): string {
  const query = new URLSearchParams();
  query.set('model', state.model);
  query.set('scenario', state.scenario);
  const parameters = Object.entries(state.parameters);
  if (parameters.length) query.set('p', parameters.map(([name, value]) => `${name}:${value}`).join(','));
  if (state.drugs.length) query.set('drugs', state.drugs.join(','));
  if (state.log) query.set('log', '1');
  if (state.quantities) query.set('q', state.quantities.join(','));
  if (state.yaml !== undefined) query.set('yaml', toBase64Url(state.yaml));
  return query.toString();
}

/**
 * The state a hash describes; what it leaves out (or garbles) comes from `defaults`. Names are
 * not checked here: the page keeps only the ones the model has.
 */
export function decodeState(hash: string, defaults: ExplorerState): ExplorerState {
  const query = new URLSearchParams(hash.replace(/^#/, ''));
  const list = (key: string) => (query.get(key) ?? '').split(',').filter(Boolean);
  const parameters: Record<string, number> = {};
  for (const item of list('p')) {
    const at = item.lastIndexOf(':');
    const value = Number(item.slice(at + 1));
    if (at > 0 && Number.isFinite(value)) parameters[item.slice(0, at)] = value;
  }
  let yaml: string | undefined;
  if (query.has('yaml')) {
    try {
      yaml = fromBase64Url(query.get('yaml')!);
    } catch {
      yaml = undefined;
    }
  }
  return {
    model: query.get('model') || defaults.model,
    scenario: query.get('scenario') || defaults.scenario,
    yaml,
    parameters: query.has('p') ? parameters : { ...defaults.parameters },
    drugs: query.has('drugs') ? list('drugs') : [...defaults.drugs],
    log: query.has('log') ? query.get('log') === '1' : defaults.log,
    quantities: query.has('q') ? list('q') : defaults.quantities,
  };
}

function toBase64Url(text: string): string {
  const bytes = new TextEncoder().encode(text);
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary).replaceAll('+', '-').replaceAll('/', '_').replace(/=+$/, '');
}

function fromBase64Url(encoded: string): string {
  const binary = atob(encoded.replaceAll('-', '+').replaceAll('_', '/'));
  return new TextDecoder('utf-8', { fatal: true }).decode(Uint8Array.from(binary, (c) => c.charCodeAt(0)));
}
