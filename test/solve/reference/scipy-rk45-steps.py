"""Step counts of scipy's RK45 on Lotka-Volterra (a problem that does not start at rest), for
test/solve/dp5.test.ts: bonesim's dp5 must take exactly these steps. Run with Debian's python3
and python3-scipy:  python3 test/solve/reference/scipy-rk45-steps.py > test/solve/reference/scipy-rk45-steps.json
"""
import json

import scipy
from scipy.integrate import solve_ivp


def lotka_volterra(t, y):
    return [1.5 * y[0] - y[0] * y[1], -3 * y[1] + y[0] * y[1]]


runs = []
for rtol, atol in [(1e-3, 1e-6), (1e-6, 1e-9), (1e-9, 1e-12)]:
    sol = solve_ivp(lotka_volterra, (0, 15), [10, 5], method="RK45", rtol=rtol, atol=atol)
    assert sol.status == 0
    runs.append({
        "rtol": rtol,
        "atol": atol,
        "steps": len(sol.t) - 1,
        "rhsEvaluations": int(sol.nfev),
        "yEnd": [float(v) for v in sol.y[:, -1]],
    })
print(json.dumps({
    "problem": "Lotka-Volterra y0' = 1.5 y0 - y0 y1, y1' = -3 y1 + y0 y1, y(0) = (10, 5), t in [0, 15]",
    "scipy": scipy.__version__,
    "runs": runs,
}, indent=1))
