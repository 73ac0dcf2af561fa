import type { Model, Parameter } from '../model/model.ts';

/** A parameter the explorer lets people vary, within the range the model declares admissible. */
export interface SliderControl {
  kind: 'slider';
  name: string;
  unit: string;
  description: string;
  nominal: number;
  min: number;
  max: number;
  /** Positive ranges move on a log scale: x0.5 and x2 sit equally far from nominal. */
  log: boolean;
}

/** A mechanism module's on/off switch (bone-rankl's on_* parameters). */
export interface SwitchControl {
  kind: 'switch';
  name: string;
  description: string;
  nominal: number;
}

export interface ModelControls {
  switches: SwitchControl[];
  sliders: SliderControl[];
}

/** Slider positions run 0 ... STEPS (fine enough that a step is < 0.1 % of a x0.5-x2 range). */
export const STEPS = 1000;

/** The model's default range, as the property tests use it: x0.5 to x2 of nominal unless it declares its own. */
const DEFAULT_RANGE: [number, number] = [0.5, 2];

/**
 * The controls for a model: a switch for each on_* parameter that is 0 or 1, a slider for every
 * other parameter the model lets vary (not in `invariants.fixed`), over its own `range` or
 * nominal x `invariants.parameter_range` (default x0.5-x2). Parameters at 0 have no relative range
 * and get no slider.
 */
export function modelControls(model: Model): ModelControls {
  const fixed = new Set(model.invariants?.fixed ?? []);
  const [low, high] = model.invariants?.parameter_range ?? DEFAULT_RANGE;
  const switches: SwitchControl[] = [];
  const sliders: SliderControl[] = [];
  for (const p of model.parameters) {
    if (isSwitch(p)) {
      switches.push({ kind: 'switch', name: p.name, description: p.description, nominal: p.value });
      continue;
    }
    if (fixed.has(p.name) || !Number.isFinite(p.value)) continue;
    const [a, b] = p.range ?? [p.value * low, p.value * high];
    const min = Math.min(a, b);
    const max = Math.max(a, b);
    if (!(max > min)) continue;
    sliders.push({ kind: 'slider', name: p.name, unit: p.unit, description: p.description, nominal: p.value, min, max, log: min > 0 });
  }
  return { switches, sliders };
}

function isSwitch(p: Parameter): boolean {
  return p.name.startsWith('on_') && (p.value === 0 || p.value === 1);
}

/** The slider position (0 ... STEPS) of a value, clamped to the range. */
export function positionOf(control: SliderControl, value: number): number {
  const v = Math.min(control.max, Math.max(control.min, value));
  const fraction = control.log
    ? Math.log(v / control.min) / Math.log(control.max / control.min)
    : (v - control.min) / (control.max - control.min);
  return Math.round(fraction * STEPS);
}

/**
 * The value at a slider position, rounded to 4 significant digits (short links, readable labels);
 * the position of the nominal value gives the nominal value exactly.
 */
export function valueAt(control: SliderControl, position: number): number {
  if (position === positionOf(control, control.nominal)) return control.nominal;
  const fraction = Math.min(STEPS, Math.max(0, position)) / STEPS;
  const value = control.log
    ? control.min * Math.pow(control.max / control.min, fraction)
    : control.min + fraction * (control.max - control.min);
  return Number(value.toPrecision(4));
}
