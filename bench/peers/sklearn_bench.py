#!/usr/bin/python3
"""scikit-learn peer for bench/run.ts: reads a dataset in the shared format, fits one model,
times the fit alone with the same rule as bench/timing.ts, prints one JSON object.

usage: sklearn_bench.py DIR MODEL L1 L2 TOL SAMPLES MIN_SAMPLE_MS MAX_TOTAL_MS [PATHDIR]
MODEL: lasso (sklearn Lasso(alpha=l1)) or ridge (sklearn Ridge(alpha=2*n*l2)); or, with PATHDIR
(grid.f64: the decreasing l1 grid, graded.i32: the path points to return, foldid.i32: 0-based
folds; written by bench/paths.ts), lasso_path (lasso_path(X - mean, y - mean, alphas=grid),
centring inside the timing) or lasso_cv (LassoCV(alphas=grid, cv=PredefinedSplit(foldid))).
A sparse set (layout "csc") is handed to fit() as a scipy.sparse csc_matrix of the same arrays.
A dense X is handed to fit() in Fortran order, the layout coordinate descent reads, so the timing
does not include a transpose (as l1l2's DesignMatrix upload is kept out of its timing);
fit() still makes its own centred copy of X (copy_X=True, the default).
"""
import json
import sys
import time
import warnings

import numpy as np
import sklearn
from sklearn.exceptions import ConvergenceWarning
from sklearn.linear_model import Lasso, Ridge


def load(d):
    meta = json.load(open(f"{d}/meta.json"))
    n, p = meta["n"], meta["p"]
    y = np.fromfile(f"{d}/y.f64", dtype="<f8")
    if meta.get("layout") == "csc":
        from scipy.sparse import csc_matrix
        arrays = [np.fromfile(f"{d}/{f}", dtype=t) for f, t in (("data.f64", "<f8"), ("indices.i32", "<i4"), ("indptr.i32", "<i4"))]
        return csc_matrix(tuple(arrays), shape=(n, p)), y
    X = np.fromfile(f"{d}/X.f64", dtype="<f8").reshape(n, p)
    y = np.fromfile(f"{d}/y.f64", dtype="<f8")
    return np.asfortranarray(X), y


def timed(fn, samples, min_sample_ms, max_total_ms):
    now = time.perf_counter
    t = now(); res = fn(); first = (now() - t) * 1e3
    if first > max_total_ms / 2:
        return res, {"medianMs": first, "minMs": first, "samples": 1, "loops": 1, "firstMs": first}
    start = now()
    loops = 0
    t = now()
    while True:
        res = fn(); loops += 1
        if (now() - t) * 1e3 >= min_sample_ms:
            break
    one = (now() - t) * 1e3 / loops
    per = []
    while len(per) < samples:
        t = now()
        for _ in range(loops):
            res = fn()
        per.append((now() - t) * 1e3 / loops)
        el = (now() - start) * 1e3
        if el > max_total_ms and (len(per) >= 3 or one * loops * 3 > max_total_ms):
            break
    return res, {"medianMs": float(np.median(per)), "minMs": float(min(per)), "samples": len(per),
                 "loops": loops, "firstMs": first}


def path_main(X, y, model, tol, samples, min_ms, max_ms, pdir):
    from sklearn.linear_model import LassoCV, lasso_path
    from sklearn.model_selection import PredefinedSplit
    grid = np.fromfile(f"{pdir}/grid.f64", dtype="<f8")
    graded = np.fromfile(f"{pdir}/graded.i32", dtype="<i4")
    foldid = np.fromfile(f"{pdir}/foldid.i32", dtype="<i4")
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", ConvergenceWarning)
        if model == "lasso_path":
            def fit():
                xm, ym = X.mean(axis=0), y.mean()
                Xc = np.asfortranarray(X - xm)
                _, coefs, gaps, iters = lasso_path(Xc, y - ym, alphas=grid, tol=tol, max_iter=1_000_000,
                                                   return_n_iter=True)
                return xm, ym, coefs, iters
            (xm, ym, coefs, iters), timing = timed(fit, samples, min_ms, max_ms)
            cs = [coefs[:, k] for k in graded]
            out = {"coefs": [c.tolist() for c in cs], "intercepts": [float(ym - xm @ c) for c in cs],
                   "nIter": int(np.sum(iters)),
                   "detail": f"lasso_path(X - mean, y - mean, alphas=grid, tol={tol:g}, max_iter=1e6) (precompute='auto')"}
        else:
            make = lambda: LassoCV(alphas=grid, cv=PredefinedSplit(foldid), tol=tol, max_iter=1_000_000).fit(X, y)
            m, timing = timed(make, samples, min_ms, max_ms)
            k = int(np.argmin(np.abs(grid - m.alpha_)))
            out = {"lambdaMin": float(m.alpha_), "indexMin": k, "cvm": m.mse_path_.mean(axis=1).tolist(),
                   "detail": f"LassoCV(alphas=grid, cv=PredefinedSplit(foldid), tol={tol:g}, max_iter=1e6)"}
    out.update({"solver": "sklearn", "timing": timing,
                "converged": not any(issubclass(w.category, ConvergenceWarning) for w in caught)})
    print(json.dumps(out))


def main():
    d, model, l1, l2, tol, samples, min_ms, max_ms = sys.argv[1:9]
    l1, l2, tol = float(l1), float(l2), float(tol)
    X, y = load(d)
    n, p = X.shape
    if model in ("lasso_path", "lasso_cv"):
        return path_main(X, y, model, tol, int(samples), float(min_ms), float(max_ms), sys.argv[9])
    if model == "lasso":
        make = lambda: Lasso(alpha=l1, tol=tol, max_iter=1_000_000)
    elif model == "ridge":
        make = lambda: Ridge(alpha=2 * n * l2)
    else:
        raise SystemExit(f"unknown model {model}")
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", ConvergenceWarning)
        m, timing = timed(lambda: make().fit(X, y), int(samples), float(min_ms), float(max_ms))
    coef = m.coef_.ravel()
    r = y - X @ coef - m.intercept_
    sparse = " on a CSC scipy.sparse matrix" if hasattr(X, "tocsc") else ""
    obj = r @ r / (2 * n) + l1 * np.abs(coef).sum() + l2 * coef @ coef
    print(json.dumps({
        "solver": "sklearn", "version": sklearn.__version__, "numpy": np.__version__,
        "python": sys.version.split()[0], "timing": timing,
        "coef": coef.tolist(), "intercept": float(m.intercept_), "objective": float(obj),
        "nIter": int(np.max(getattr(m, "n_iter_", 0) or 0)) if model == "lasso" else None,
        "dualGap": float(m.dual_gap_) / n if model == "lasso" else None,
        "converged": not any(issubclass(w.category, ConvergenceWarning) for w in caught),
        "detail": (f"Lasso(alpha, tol={tol:g}, max_iter=1e6)" if model == "lasso" else "Ridge(alpha, solver='auto')") + sparse,
    }))


if __name__ == "__main__":
    main()
