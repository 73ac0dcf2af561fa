"""An independent simulator for the SBML that bonesim exports: libSBML reads the file, each MathML
tree is compiled to Python, and scipy's solve_ivp integrates the rate rules. It shares no code with
bonesim, so agreement with bonesim's own run checks the export (and bonesim) from outside.

Covers what the export writes: species and parameters with rate rules, assignment rules, initial
assignments, function definitions, and events (time triggers `time >= T`, and state triggers
built from comparisons, with priorities and values computed at execution). Reactions, delays and
algebraic rules are refused.

Usage: python3 simulate_sbml.py FILE.xml --end T --times t0,t1,... [--rtol R] [--atol A] [--method LSODA]
Prints JSON: {"times": [...], "values": {id: [...]}, "events": [[time, id], ...]} with a value for every
species (concentration, or amount with hasOnlySubstanceUnits) and every rule variable at each time.
"""
import argparse
import json
import math
import sys

import libsbml
import numpy as np
from scipy.integrate import solve_ivp

RELATIONAL = {
    libsbml.AST_RELATIONAL_EQ: "==", libsbml.AST_RELATIONAL_NEQ: "!=", libsbml.AST_RELATIONAL_GT: ">",
    libsbml.AST_RELATIONAL_GEQ: ">=", libsbml.AST_RELATIONAL_LT: "<", libsbml.AST_RELATIONAL_LEQ: "<=",
}
UNARY = {
    libsbml.AST_FUNCTION_EXP: "math.exp", libsbml.AST_FUNCTION_LN: "_ln", libsbml.AST_FUNCTION_ABS: "abs",
    libsbml.AST_FUNCTION_FLOOR: "math.floor", libsbml.AST_FUNCTION_CEILING: "math.ceil",
    libsbml.AST_FUNCTION_SIN: "math.sin", libsbml.AST_FUNCTION_COS: "math.cos", libsbml.AST_FUNCTION_TAN: "math.tan",
    libsbml.AST_FUNCTION_TANH: "math.tanh", libsbml.AST_FUNCTION_SINH: "math.sinh", libsbml.AST_FUNCTION_COSH: "math.cosh",
    libsbml.AST_FUNCTION_ARCSIN: "math.asin", libsbml.AST_FUNCTION_ARCCOS: "math.acos", libsbml.AST_FUNCTION_ARCTAN: "math.atan",
    libsbml.AST_FUNCTION_ARCSINH: "math.asinh", libsbml.AST_FUNCTION_ARCCOSH: "math.acosh", libsbml.AST_FUNCTION_ARCTANH: "math.atanh",
}


def _pow(a, b):
    try:
        return math.pow(a, b)
    except (ValueError, OverflowError):
        return math.nan


def _ln(x):
    return math.log(x) if x > 0 else (-math.inf if x == 0 else math.nan)


def _log10(x):
    return math.log10(x) if x > 0 else (-math.inf if x == 0 else math.nan)


def _div(a, b):
    if b == 0:
        return math.copysign(math.inf, a) if a != 0 else math.nan
    return a / b


HELPERS = {"math": math, "_pow": _pow, "_ln": _ln, "_log10": _log10, "_div": _div}


class Compiler:
    """MathML (libSBML AST) -> Python expression text over named variables."""

    def __init__(self, functions):
        self.functions = functions  # id -> (bvars, body AST)

    def code(self, node, bound=None):
        bound = bound or {}
        t = node.getType()
        kids = [node.getChild(i) for i in range(node.getNumChildren())]
        c = lambda n: self.code(n, bound)
        if t == libsbml.AST_INTEGER:
            return repr(float(node.getInteger()))
        if t in (libsbml.AST_REAL, libsbml.AST_REAL_E, libsbml.AST_RATIONAL):
            return repr(node.getReal())
        if t == libsbml.AST_NAME:
            name = node.getName()
            return bound.get(name, "V[%r]" % name)
        if t == libsbml.AST_NAME_TIME:
            return "t"
        if t == libsbml.AST_CONSTANT_PI:
            return repr(math.pi)
        if t == libsbml.AST_CONSTANT_E:
            return repr(math.e)
        if t == libsbml.AST_CONSTANT_TRUE:
            return "True"
        if t == libsbml.AST_CONSTANT_FALSE:
            return "False"
        if t == libsbml.AST_PLUS:
            return "(" + " + ".join(map(c, kids)) + ")" if kids else "0.0"
        if t == libsbml.AST_MINUS:
            return "(-%s)" % c(kids[0]) if len(kids) == 1 else "(%s - %s)" % (c(kids[0]), c(kids[1]))
        if t == libsbml.AST_TIMES:
            return "(" + " * ".join(map(c, kids)) + ")" if kids else "1.0"
        if t == libsbml.AST_DIVIDE:
            return "_div(%s, %s)" % (c(kids[0]), c(kids[1]))
        if t in (libsbml.AST_POWER, libsbml.AST_FUNCTION_POWER):
            return "_pow(%s, %s)" % (c(kids[0]), c(kids[1]))
        if t in UNARY:
            return "%s(%s)" % (UNARY[t], c(kids[0]))
        if t == libsbml.AST_FUNCTION_LOG:
            if len(kids) == 2:
                return "_div(_ln(%s), _ln(%s))" % (c(kids[1]), c(kids[0]))
            return "_log10(%s)" % c(kids[0])
        if t == libsbml.AST_FUNCTION_ROOT:
            if len(kids) == 2:
                return "_pow(%s, _div(1.0, %s))" % (c(kids[1]), c(kids[0]))
            return "_pow(%s, 0.5)" % c(kids[0])
        if t == libsbml.AST_FUNCTION_MAX:
            return "max([%s])" % ", ".join(map(c, kids))
        if t == libsbml.AST_FUNCTION_MIN:
            return "min([%s])" % ", ".join(map(c, kids))
        if t == libsbml.AST_FUNCTION_REM:
            return "math.fmod(%s, %s)" % (c(kids[0]), c(kids[1]))
        if t == libsbml.AST_FUNCTION_PIECEWISE:
            otherwise = c(kids[-1]) if len(kids) % 2 == 1 else "math.nan"
            text = otherwise
            pairs = [(kids[i], kids[i + 1]) for i in range(0, len(kids) - 1, 2)]
            for value, cond in reversed(pairs):
                text = "(%s if %s else %s)" % (c(value), c(cond), text)
            return text
        if t in RELATIONAL:
            op = RELATIONAL[t]
            parts = ["(%s %s %s)" % (c(kids[i]), op, c(kids[i + 1])) for i in range(len(kids) - 1)]
            return "(" + " and ".join(parts) + ")"
        if t == libsbml.AST_LOGICAL_AND:
            return "(" + " and ".join(map(c, kids)) + ")"
        if t == libsbml.AST_LOGICAL_OR:
            return "(" + " or ".join(map(c, kids)) + ")"
        if t == libsbml.AST_LOGICAL_XOR:
            return "((" + " + ".join("bool(%s)" % c(k) for k in kids) + ") % 2 == 1)"
        if t == libsbml.AST_LOGICAL_NOT:
            return "(not %s)" % c(kids[0])
        if t == libsbml.AST_FUNCTION:
            bvars, body = self.functions[node.getName()]
            args = dict(zip(bvars, ["(%s)" % c(k) for k in kids]))
            return self.code(body, args)
        raise SystemExit("unsupported MathML node %s (%s)" % (node.getType(), libsbml.formulaToL3String(node)))


def order_rules(rules, reads):
    """Assignment rules in an order where each follows the rule variables it reads."""
    done, out, visiting = set(), [], set()

    def visit(v):
        if v in done:
            return
        if v in visiting:
            raise SystemExit("assignment rules form a loop through %s" % v)
        visiting.add(v)
        for d in reads[v]:
            if d in rules:
                visit(d)
        visiting.discard(v)
        done.add(v)
        out.append(v)

    for v in rules:
        visit(v)
    return out


def names_in(node, into):
    if node.getType() == libsbml.AST_NAME:
        into.add(node.getName())
    for i in range(node.getNumChildren()):
        names_in(node.getChild(i), into)
    return into


def time_constants(node, into):
    """Constants `time` is compared with (switch times of time courses)."""
    if node.getType() in RELATIONAL and node.getNumChildren() == 2:
        a, b = node.getChild(0), node.getChild(1)
        for x, y in ((a, b), (b, a)):
            if x.getType() == libsbml.AST_NAME_TIME and y.isNumber():
                into.add(y.getValue())
    for i in range(node.getNumChildren()):
        time_constants(node.getChild(i), into)
    return into


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("file")
    parser.add_argument("--end", type=float, required=True)
    parser.add_argument("--times", required=True)
    parser.add_argument("--rtol", type=float, default=1e-12)
    parser.add_argument("--atol", type=float, default=1e-14)
    parser.add_argument("--method", default="LSODA")
    args = parser.parse_args()
    out_times = [float(x) for x in args.times.split(",")]

    document = libsbml.readSBMLFromFile(args.file)
    if document.getNumErrors(libsbml.LIBSBML_SEV_ERROR) + document.getNumErrors(libsbml.LIBSBML_SEV_FATAL):
        raise SystemExit("libSBML cannot read %s" % args.file)
    model = document.getModel()
    if model.getNumReactions() or any(r.isAlgebraic() for r in model.getListOfRules()):
        raise SystemExit("reactions and algebraic rules are not covered")

    functions = {}
    for f in model.getListOfFunctionDefinitions():
        lam = f.getMath()
        n = lam.getNumChildren()
        functions[f.getId()] = ([lam.getChild(i).getName() for i in range(n - 1)], lam.getChild(n - 1))
    compiler = Compiler(functions)

    values = {}
    for c in model.getListOfCompartments():
        values[c.getId()] = c.getSize()
    for s in model.getListOfSpecies():
        size = model.getCompartment(s.getCompartment()).getSize()
        if s.isSetInitialConcentration():
            amount = s.getInitialConcentration() * size
        else:
            amount = s.getInitialAmount()
        values[s.getId()] = amount if s.getHasOnlySubstanceUnits() else amount / size
    for p in model.getListOfParameters():
        values[p.getId()] = p.getValue() if p.isSetValue() else math.nan

    assignment = {r.getVariable(): r.getMath() for r in model.getListOfRules() if r.isAssignment()}
    rate = [(r.getVariable(), r.getMath()) for r in model.getListOfRules() if r.isRate()]
    order = order_rules(list(assignment), {v: names_in(m, set()) for v, m in assignment.items()})
    state = [v for v, _ in rate]
    index = {v: i for i, v in enumerate(state)}

    rules_code = "\n".join("    V[%r] = %s" % (v, compiler.code(assignment[v])) for v in order)
    env = dict(HELPERS)
    src = "def rules(t, V):\n%s\n    return V\n" % (rules_code or "    pass")
    exec(compile(src, "<rules>", "exec"), env)
    rules = env["rules"]
    rates_src = "def rates(t, V):\n    return [%s]\n" % ", ".join(compiler.code(m) for _, m in rate)
    exec(compile(rates_src, "<rates>", "exec"), env)
    rates = env["rates"]
    evaluate = lambda node: eval(compile(compiler.code(node), "<expr>", "eval"), env)

    V = dict(values)

    def load(t, y):
        for i, v in enumerate(state):
            V[v] = y[i]
        rules(t, V)
        return V

    # Initial assignments (the export writes them for start values, which read rules).
    rules(0.0, V)
    env["V"] = V
    env["t"] = 0.0
    for ia in model.getListOfInitialAssignments():
        V[ia.getSymbol()] = evaluate(ia.getMath())
    rules(0.0, V)

    def rhs(t, y):
        return rates(t, load(t, y))

    events = []
    stops = set()
    for e in model.getListOfEvents():
        if e.isSetDelay():
            raise SystemExit("event delays are not covered")
        trig = e.getTrigger().getMath()
        priority = evaluate(e.getPriority().getMath()) if e.isSetPriority() else 0.0
        assigns = [(a.getVariable(), a.getMath()) for a in e.getListOfEventAssignments()]
        timed = None
        if trig.getType() == libsbml.AST_RELATIONAL_GEQ and trig.getChild(0).getType() == libsbml.AST_NAME_TIME and trig.getChild(1).isNumber():
            timed = trig.getChild(1).getValue()
            stops.add(timed)
        events.append({"id": e.getId(), "trigger": trig, "timed": timed, "priority": priority, "assignments": assigns,
                       "fromTrigger": e.getUseValuesFromTriggerTime(), "initialValue": e.getTrigger().getInitialValue()})
    for m in list(assignment.values()) + [m for _, m in rate]:
        stops |= {x for x in time_constants(m, set()) if 0 < x < args.end}

    # State triggers: a comparison gives a continuous margin (true when > 0), found by solve_ivp's
    # root finding; the other parts of an `and` (a fired-once flag) are checked where it crosses.
    def margin_code(node):
        t = node.getType()
        if t in (libsbml.AST_RELATIONAL_LT, libsbml.AST_RELATIONAL_LEQ):
            return "(%s) - (%s)" % (compiler.code(node.getChild(1)), compiler.code(node.getChild(0))), []
        if t in (libsbml.AST_RELATIONAL_GT, libsbml.AST_RELATIONAL_GEQ):
            return "(%s) - (%s)" % (compiler.code(node.getChild(0)), compiler.code(node.getChild(1))), []
        if t == libsbml.AST_LOGICAL_AND:
            kids = [node.getChild(i) for i in range(node.getNumChildren())]
            for i, kid in enumerate(kids):
                found = margin_code(kid)
                if found and not found[1]:
                    return found[0], [compiler.code(k) for j, k in enumerate(kids) if j != i]
        return None

    state_events = [ev for ev in events if ev["timed"] is None]
    for ev in state_events:
        found = margin_code(ev["trigger"])
        if found is None or not ev["initialValue"]:
            raise SystemExit("trigger %s is not covered" % libsbml.formulaToL3String(ev["trigger"]))
        exec(compile("def _m(t, V):\n    return %s\n" % found[0], "<margin>", "exec"), env)
        ev["margin"] = env["_m"]
        ev["rest"] = [compile(code, "<trigger>", "eval") for code in found[1]]

    def rest_holds(ev, t, y):
        load(t, y)
        env["t"] = t
        return all(eval(code, env) for code in ev["rest"])

    y = np.array([V[v] for v in state], dtype=float)

    def fire(group, t, y):
        """Execute simultaneous events in priority order; values computed at execution (useValuesFromTriggerTime false) or all at the trigger."""
        load(t, y)
        env["t"] = t
        group = sorted(group, key=lambda ev: -ev["priority"])
        precomputed = {ev["id"]: [evaluate(m) for _, m in ev["assignments"]] for ev in group if ev["fromTrigger"]}
        for ev in group:
            load(t, y)
            new = precomputed.get(ev["id"]) or [evaluate(m) for _, m in ev["assignments"]]
            for (target, _), value in zip(ev["assignments"], new):
                if target in index:
                    y[index[target]] = value
                else:
                    V[target] = value
            fired.append([t, ev["id"]])
        load(t, y)
        return y

    fired = []
    results = {v: [] for v in list(V)}
    recorded_times = []

    def record(t, y, at=None):
        load(t, y)
        recorded_times.append(t if at is None else at)
        for k in results:
            results[k].append(float(V[k]))

    # Output requests. A time asked for twice is an event's pair of rows, as bonesim reports them:
    # the state just before the events there, then just after; a time asked for once is the state
    # after any events at it.
    requests = []
    for k, x in enumerate(out_times):
        twice_next = k + 1 < len(out_times) and out_times[k + 1] == x
        twice_prev = k > 0 and out_times[k - 1] == x
        requests.append([x, "before" if twice_next else "after" if twice_prev else "grid"])
    near = lambda a, b: abs(a - b) <= 1e-6 * max(1.0, abs(b))

    def fire_with_rows(group, t, y):
        if requests and requests[0][1] == "before" and near(requests[0][0], t):
            record(t, y, requests.pop(0)[0])
        y = fire(group, t, y)
        if requests and requests[0][1] == "after" and near(requests[0][0], t):
            record(t, y, requests.pop(0)[0])
        return y

    t = 0.0
    if requests and requests[0][0] <= 0.0:
        record(0.0, y)
        requests.pop(0)
    boundaries = sorted(x for x in stops if x > 0) + [args.end]
    # Absolute tolerance: the asked floor, or 1e-13 of each state's starting size (so a pM population and a % readout are both resolved).
    atol = np.maximum(args.atol, 1e-13 * np.abs(y))
    # A trigger fires when it turns from false to true: an armed trigger (false now) is watched for
    # its margin rising through zero, one that holds for its margin falling (which re-arms it).
    armed = {ev["id"]: ev["margin"](0.0, load(0.0, y)) <= 0 for ev in state_events}
    while t < args.end:
        stop = next(b for b in boundaries if b > t)
        fns = []
        for ev in state_events:
            def g(tt, yy, ev=ev):
                return ev["margin"](tt, load(tt, yy))
            g.terminal = True
            g.direction = 1 if armed[ev["id"]] else -1
            fns.append(g)
        # The segment's end is always asked for: with t_eval, solve_ivp returns only the times in it.
        inside = [x for x, kind in requests if kind == "grid" and t < x < stop]
        solution = solve_ivp(rhs, (t, stop), y, method=args.method, t_eval=inside + [stop], events=fns or None,
                             rtol=args.rtol, atol=atol, dense_output=False)
        if solution.status < 0:
            raise SystemExit("solve_ivp failed at t = %g: %s" % (t, solution.message))
        crossed = solution.status == 1
        t_end = stop if not crossed else min(te[0] for te in solution.t_events if len(te))
        if not crossed and solution.t[-1] != stop:
            raise SystemExit("solve_ivp stopped at %r before %r" % (solution.t[-1], stop))
        for k, tt in enumerate(solution.t):
            if tt < t_end and requests and requests[0] == [tt, "grid"]:
                record(tt, solution.y[:, k])
                requests.pop(0)
        if crossed:
            hits = [k for k, te in enumerate(solution.t_events) if len(te) and te[0] == t_end]
            y = np.array(solution.y_events[hits[0]][0])
            due = []
            for k in hits:
                ev = state_events[k]
                if armed[ev["id"]]:
                    armed[ev["id"]] = False
                    if rest_holds(ev, t_end, y):
                        due.append(ev)
                else:
                    armed[ev["id"]] = True
            if due:
                y = fire_with_rows(due, t_end, y)
            t = t_end
        else:
            y = solution.y[:, -1].copy()
            t = stop
            due = [ev for ev in events if ev["timed"] is not None and ev["timed"] == t]
            if due:
                y = fire_with_rows(due, t, y)
            if requests and requests[0] == [t, "grid"]:
                record(t, y)
                requests.pop(0)
    if requests:
        raise SystemExit("outputs not reached: %s" % requests[:5])
    json.dump({"times": recorded_times, "values": results, "events": fired}, sys.stdout)


if __name__ == "__main__":
    main()
