#!/usr/bin/python3
"""scikit-learn peer for T5 (bench/logistic-path.ts): the L1-logistic path over a given grid.

usage: sklearn_logistic_bench.py DIR SOLVER TOL INTERCEPT_SCALING SAMPLES MIN_SAMPLE_MS MAX_TOTAL_MS PATHDIR
SOLVER: liblinear or saga. PATHDIR holds grid.f64 (decreasing l1 = λ of (1/n)·Σ logloss + l1·‖β‖₁)
and graded.i32 (0-based points to return). LogisticRegression(penalty="l1", C=1/(n·l1)) at each
point; saga warm-starts from the previous point (liblinear cannot). liblinear penalizes its
intercept: intercept_scaling s makes that penalty |b|/s. Timed with sklearn_bench.timed.
"""
import json
import sys
import warnings

import numpy as np
from sklearn.exceptions import ConvergenceWarning
from sklearn.linear_model import LogisticRegression

from sklearn_bench import load, timed


def main():
    d, solver, tol, scaling, samples, min_ms, max_ms, pdir = sys.argv[1:9]
    tol, scaling = float(tol), float(scaling)
    X, y = load(d)
    X = np.ascontiguousarray(X)  # both solvers read rows
    n = X.shape[0]
    grid = np.fromfile(f"{pdir}/grid.f64", dtype="<f8")
    graded = np.fromfile(f"{pdir}/graded.i32", dtype="<i4")
    extra = {"intercept_scaling": scaling} if solver == "liblinear" else {"warm_start": True}

    def path():
        m = LogisticRegression(penalty="l1", solver=solver, tol=tol, max_iter=100_000, **extra)
        coefs, intercepts, iters = [], [], 0
        for lam in grid:
            m.set_params(C=1.0 / (n * lam))
            m.fit(X, y)
            coefs.append(m.coef_.ravel().copy())
            intercepts.append(float(m.intercept_[0]))
            iters += int(np.max(m.n_iter_))
        return coefs, intercepts, iters

    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", ConvergenceWarning)
        (coefs, intercepts, iters), timing = timed(path, int(samples), float(min_ms), float(max_ms))
    how = f"intercept_scaling={scaling:g}" if solver == "liblinear" else "warm_start=True"
    print(json.dumps({
        "solver": f"sklearn {solver}", "timing": timing,
        "coefs": [coefs[k].tolist() for k in graded], "intercepts": [intercepts[k] for k in graded],
        "nIter": iters, "converged": not any(issubclass(w.category, ConvergenceWarning) for w in caught),
        "detail": f"LogisticRegression(penalty='l1', solver='{solver}', C=1/(n*l1), tol={tol:g}, max_iter=1e5, {how}) per point",
    }))


if __name__ == "__main__":
    main()
