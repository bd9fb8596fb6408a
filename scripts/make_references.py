#!/usr/bin/python3
"""Generate the reference solutions in test/fixtures/reference/ (and the synthetic fixture datasets
in test/fixtures/data/) with scikit-learn and R glmnet.

    /usr/bin/python3 scripts/make_references.py            # everything
    /usr/bin/python3 scripts/make_references.py sklearn paths   # only some outputs

Needs Debian's python3-sklearn (1.2.1), r-cran-glmnet (4.1-6) and r-cran-jsonlite (use /usr/bin/python3,
not a pyenv python). R is driven through the sibling scripts/make_references.R; every floating-point input
goes to R as a float64 file and R writes its numbers with "%.17g", so nothing is rounded on the way.
Deterministic (fixed seeds) and idempotent: rerunning rewrites byte-identical files.

Canonical regression objective (all l1/l2/objective/kkt fields use it; weights w normalised to sum n):

    F(beta, b) = 1/(2n) sum_i w_i (y_i - x_i.beta - b)^2 + l1 sum_j pf1_j |beta_j| + l2 sum_j pf2_j beta_j^2

pf1 = pf2 = 1 for scikit-learn; see README.md next to the outputs for glmnet.
"""
import json
import os
import subprocess
import sys
import tempfile
import warnings

import numpy as np
import scipy
import scipy.linalg
import sklearn
from sklearn.exceptions import ConvergenceWarning
from sklearn.linear_model import ElasticNet, Lasso, Ridge, enet_path, lasso_path

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SHARED = "/work/shared/datasets"
FIXDATA = os.path.join(ROOT, "test", "fixtures", "data")
REFDIR = os.path.join(ROOT, "test", "fixtures", "reference")
RSCRIPT_FILE = os.path.join(ROOT, "scripts", "make_references.R")

TOL = 1e-12
MAX_ITER = 10**7
GLMNET_THRESH = 1e-20
GLMNET_MAXIT = 10**7
KKT_REL_LIMIT = 1e-8

VERSIONS = {"scikit-learn": sklearn.__version__, "numpy": np.__version__, "scipy": scipy.__version__}
REPORT = []  # human-readable lines printed at the end


def note(msg):
    REPORT.append(msg)
    print(msg, flush=True)


# ----------------------------------------------------------------------------------------------
# datasets
# ----------------------------------------------------------------------------------------------
def dataset_dir(name):
    d = os.path.join(FIXDATA, name)
    if os.path.isdir(d):
        return d
    return os.path.join(SHARED, name)


def load(name):
    d = dataset_dir(name)
    with open(os.path.join(d, "meta.json")) as f:
        meta = json.load(f)
    n, p = meta["n"], meta["p"]
    X = np.fromfile(os.path.join(d, "X.f64"), dtype="<f8").reshape(n, p)
    y = np.fromfile(os.path.join(d, "y.f64"), dtype="<f8")
    assert y.shape == (n,)
    folds = None
    fp = os.path.join(d, "folds10.i32")
    if os.path.exists(fp):
        folds = np.fromfile(fp, dtype="<i4")
    return {"name": name, "X": X, "y": y, "n": n, "p": p, "folds": folds, "dir": d,
            "duplicate_columns": meta.get("duplicate_columns", [])}


def write_if_changed(path, data):
    if isinstance(data, str):
        data = data.encode()
    if os.path.exists(path):
        with open(path, "rb") as f:
            if f.read() == data:
                return
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "wb") as f:
        f.write(data)


def make_collinear():
    """collinear_40x12: n=40, p=12. Column 5 duplicates column 2 exactly, column 7 is constant (2.5),
    column 11 is a standard-normal column multiplied by 1e4. The other 9 columns are equicorrelated
    (rho = 0.3) Gaussians."""
    name, n, p, seed = "collinear_40x12", 40, 12, 4012
    rng = np.random.default_rng(seed)
    base_idx = [0, 1, 2, 3, 4, 6, 8, 9, 10]
    rho = 0.3
    Z = np.sqrt(1 - rho) * rng.standard_normal((n, len(base_idx))) + np.sqrt(rho) * rng.standard_normal((n, 1))
    big = rng.standard_normal(n)
    X = np.empty((n, p))
    X[:, base_idx] = Z
    X[:, 5] = X[:, 2]
    X[:, 7] = 2.5
    X[:, 11] = 1e4 * big
    beta_base = np.array([1.5, -1.0, 0.8, 0.0, 0.5, -0.6, 0.0, 0.3, -0.2])
    y = 2.0 + Z @ beta_base + 0.7 * big + 0.5 * rng.standard_normal(n)
    meta = {
        "name": name, "n": n, "p": p, "task": "regression",
        "source": f"l1l2 scripts/make_references.py make_collinear(seed={seed}) (numpy default_rng)",
        "notes": ("Degenerate design for edge cases: column 5 is an exact copy of column 2, column 7 is the constant 2.5, "
                  "column 11 = 1e4 * N(0,1) (scale 1e4 larger than the rest); columns 0,1,2,3,4,6,8,9,10 are "
                  "equicorrelated N(0,1) with rho = 0.3. y = 2 + Z beta + 0.7 * (column 11 / 1e4) + 0.5 N(0,1). "
                  "Lasso solutions are not unique in columns 2/5 (only their sum is); ridge/elastic-net split them equally."),
        "layout": "dense",
        "duplicate_columns": [[2, 5]],
        "constant_columns": [7],
        "scaled_columns": {"11": 1e4},
    }
    d = os.path.join(FIXDATA, name)
    write_if_changed(os.path.join(d, "X.f64"), X.astype("<f8").tobytes())
    write_if_changed(os.path.join(d, "y.f64"), y.astype("<f8").tobytes())
    write_if_changed(os.path.join(d, "meta.json"), json.dumps(meta, indent=1) + "\n")


# ----------------------------------------------------------------------------------------------
# canonical objective, KKT, and an independent active-set "polish" used as a cross-check
# ----------------------------------------------------------------------------------------------
def norm_w(w, n):
    if w is None:
        return np.ones(n)
    w = np.asarray(w, dtype=float)
    return w * (n / w.sum())


def objective(X, y, wn, beta, b, l1, l2, pf1=None, pf2=None):
    n, p = X.shape
    pf1 = np.ones(p) if pf1 is None else pf1
    pf2 = np.ones(p) if pf2 is None else pf2
    r = y - X @ beta - b
    return float(np.sum(wn * r * r) / (2 * n) + l1 * np.sum(pf1 * np.abs(beta)) + l2 * np.sum(pf2 * beta * beta))


def kkt(X, y, wn, beta, b, l1, l2, fit_intercept, pf1=None, pf2=None, lower=None, upper=None):
    """Largest violation of the optimality conditions, in gradient units (the units of l1)."""
    n, p = X.shape
    pf1 = np.ones(p) if pf1 is None else pf1
    pf2 = np.ones(p) if pf2 is None else pf2
    lower = np.full(p, -np.inf) if lower is None else lower
    upper = np.full(p, np.inf) if upper is None else upper
    r = y - X @ beta - b
    g = -(X.T @ (wn * r)) / n + 2 * l2 * pf2 * beta
    a = l1 * pf1
    viol = np.zeros(p)
    for j in range(p):
        bj = beta[j]
        if bj != 0 and lower[j] < bj < upper[j]:
            viol[j] = abs(g[j] + a[j] * np.sign(bj))
        elif bj == 0:
            lo = -a[j] if lower[j] < 0 else -np.inf   # allowed interval for -g_j
            hi = a[j] if upper[j] > 0 else np.inf
            viol[j] = max(0.0, lo - (-g[j]), (-g[j]) - hi)
        elif bj == lower[j]:
            viol[j] = max(0.0, -(g[j] + a[j] * np.sign(bj)))
        else:  # at upper bound
            viol[j] = max(0.0, g[j] + a[j] * np.sign(bj))
    v = float(viol.max()) if p else 0.0
    if fit_intercept:
        v = max(v, abs(float(np.sum(wn * r) / n)))
    return v


def grad_scale(X, y, wn, fit_intercept):
    """max_j |x_j' W (y - ybar_w)| / n (lambda_max of the plain lasso): the scale KKT violations are judged by."""
    n = X.shape[0]
    yc = y - (np.sum(wn * y) / n if fit_intercept else 0.0)
    Xc = X - (wn @ X / n if fit_intercept else 0.0)
    return float(np.max(np.abs(Xc.T @ (wn * yc))) / n)


def polish(X, y, wn, beta, l1, l2, fit_intercept, pf1=None, pf2=None):
    """Re-solve the canonical problem exactly on the solver's active set with the solver's signs
    (one linear solve through a QR factorisation). Returns (beta, b). Independent accuracy check."""
    n, p = X.shape
    pf1 = np.ones(p) if pf1 is None else pf1
    pf2 = np.ones(p) if pf2 is None else pf2
    xm = wn @ X / n if fit_intercept else np.zeros(p)
    ym = np.sum(wn * y) / n if fit_intercept else 0.0
    S = np.flatnonzero(beta != 0)
    out = np.zeros(p)
    if len(S):
        sw = np.sqrt(wn / n)
        A = np.vstack([sw[:, None] * (X[:, S] - xm[S]), np.diag(np.sqrt(2 * l2 * pf2[S]))])
        rhs = np.concatenate([sw * (y - ym), np.zeros(len(S))])
        c = l1 * pf1[S] * np.sign(beta[S])
        # minimise 1/2 |A b - rhs|^2 + c.b  <=>  A'A b = A'rhs - c
        bls = scipy.linalg.lstsq(A, rhs)[0]
        R = np.linalg.qr(A, mode="r")
        z = scipy.linalg.lstsq(R.T, c)[0]
        d = scipy.linalg.lstsq(R, z)[0]
        out[S] = bls - d
    return out, float(ym - xm @ out)


def rel_diff(a, b):
    a = np.asarray(a, dtype=float)
    b = np.asarray(b, dtype=float)
    return float(np.max(np.abs(a - b)) / max(1.0, float(np.max(np.abs(b)))))


def sig3(x):
    """sklearn's dual gap is a diagnostic whose last digits vary from run to run (BLAS summation order);
    keep 3 significant digits so the outputs are reproducible byte for byte."""
    return float(f"{float(x):.3g}")


def flist(a):
    return [float(v) for v in np.asarray(a, dtype=float).ravel()]


def fmat(a):
    return [flist(row) for row in np.asarray(a, dtype=float)]


def dump(path, obj):
    text = json.dumps(obj, allow_nan=False, separators=(",", ":"))
    write_if_changed(path, text + "\n")
    print(f"wrote {os.path.relpath(path, ROOT)} ({len(text) / 1024:.0f} KB)", flush=True)


# ----------------------------------------------------------------------------------------------
# 1. scikit-learn single fits
# ----------------------------------------------------------------------------------------------
def sample_weights(n, seed):
    return np.random.default_rng(seed).uniform(0.2, 2.0, size=n)


def second_target(D, seed):
    rng = np.random.default_rng(seed)
    X, y = D["X"], D["y"]
    n, p = X.shape
    colsd = X.std(axis=0).mean()
    coef = rng.standard_normal(p) * (np.std(y) / (colsd * np.sqrt(p)))
    y2 = 10.0 + X @ coef + 0.3 * np.std(y) * rng.standard_normal(n)
    return y2


def fit_sklearn(model, params, X, y, sw):
    with warnings.catch_warnings(record=True) as wlist:
        warnings.simplefilter("always")
        cls = {"Lasso": Lasso, "ElasticNet": ElasticNet, "Ridge": Ridge}[model]
        m = cls(**params).fit(X, y, sample_weight=sw)
    conv = not any(issubclass(w.category, ConvergenceWarning) for w in wlist)
    return m, conv


def merge_duplicates(D, beta):
    """Lasso coefficients on exactly duplicated columns are not unique; only their sum is."""
    b = np.array(beta, dtype=float)
    for grp in D.get("duplicate_columns", []):
        b[grp[0]] = b[list(grp)].sum()
        b[list(grp[1:])] = 0.0
    return b


def sklearn_case(D, case_id, model, params, sw=None, Y=None, recipe="", coef_unique=True, scale=None):
    X, n, p = D["X"], D["n"], D["p"]
    target = "Y" if Y is not None else "y"
    yfit = Y if Y is not None else D["y"]
    fi = params.get("fit_intercept", True)
    m, conv = fit_sklearn(model, params, X, yfit, sw)
    wn = norm_w(sw, n)
    alpha = params["alpha"]
    if model == "Lasso":
        l1, l2 = alpha, 0.0
    elif model == "ElasticNet":
        l1, l2 = alpha * params["l1_ratio"], alpha * (1 - params["l1_ratio"]) / 2
    else:
        l1, l2 = 0.0, alpha / (2 * (n if sw is None else float(np.sum(sw))))
    lower = np.zeros(p) if params.get("positive") else None
    coef = np.atleast_2d(m.coef_)
    icpt = np.atleast_1d(np.asarray(m.intercept_, dtype=float)) if fi else np.zeros(coef.shape[0])
    ycols = yfit.reshape(n, -1)
    objs, kkts, scales, pol = [], [], [], []
    for k in range(coef.shape[0]):
        yk = ycols[:, k]
        objs.append(objective(X, yk, wn, coef[k], icpt[k], l1, l2))
        kkts.append(kkt(X, yk, wn, coef[k], icpt[k], l1, l2, fi, lower=lower))
        scales.append(grad_scale(X, yk, wn, fi) if scale is None else scale)
        pb, pb0 = polish(X, yk, wn, coef[k], l1, l2, fi)
        pkkt = kkt(X, yk, wn, pb, pb0, l1, l2, fi, lower=lower)
        if coef_unique:
            pol.append((rel_diff(coef[k], pb), pkkt))
        else:
            pol.append((rel_diff(merge_duplicates(D, coef[k]), merge_duplicates(D, pb)), pkkt))
    kk = max(kkts)
    rel = max(k_ / s for k_, s in zip(kkts, scales))
    case = {
        "case_id": case_id, "dataset": D["name"], "target": target, "model": model,
        "params": params,
        "sample_weight": None if sw is None else flist(sw),
        "coef": fmat(coef) if Y is not None else flist(coef[0]),
        "intercept": flist(icpt) if Y is not None else float(icpt[0]),
        "l1": float(l1), "l2": float(l2),
        "objective": [float(o) for o in objs] if Y is not None else objs[0],
        "kkt_max_violation": kk,
        "kkt_relative": rel,
        "grad_scale": max(scales),
        "nnz": int(np.count_nonzero(coef)),
        "coef_unique": coef_unique,
        "recipe": recipe,
        "converged": conv,
        "polish_max_rel_diff": max(d for d, _ in pol),
        "source": f"scikit-learn {sklearn.__version__}",
    }
    if Y is not None:
        case["Y"] = fmat(Y)
    if model != "Ridge":
        case["n_iter"] = int(np.max(m.n_iter_))
        case["dual_gap"] = sig3(np.max(m.dual_gap_))
    flag = "" if (rel <= KKT_REL_LIMIT and conv) else "   <-- KKT ABOVE LIMIT" if rel > KKT_REL_LIMIT else "   <-- NOT CONVERGED"
    print(f"  {case_id:55s} nnz={case['nnz']:3d} kkt={kk:.2e} rel={rel:.2e} polish={case['polish_max_rel_diff']:.1e}{flag}", flush=True)
    if flag:
        note(f"sklearn case {case_id}: kkt={kk:.3e} rel={rel:.3e} converged={conv}")
    return case


def lam_max(D, sw=None, fit_intercept=True):
    return grad_scale(D["X"], D["y"], norm_w(sw, D["n"]), fit_intercept)


def make_sklearn():
    cases = []
    cd = {"tol": TOL, "max_iter": MAX_ITER}
    for name in ["diabetes", "synth_pn_60x300", "collinear_40x12"]:
        D = load(name)
        n, p, X = D["n"], D["p"], D["X"]
        collinear = name.startswith("collinear")
        lm = lam_max(D)
        if collinear:
            # the 1e4-scaled column alone sets lambda_max (and would be the only active column at every
            # fraction of it); use the lambda_max of the unit-scale columns so the fits are interesting
            unit = [j for j in range(p) if j != 11]
            lm = grad_scale(X[:, unit], D["y"], np.ones(n), True)
        case = sklearn_case
        if collinear:
            def case(*a, _lm=lm, **k):
                k.setdefault("scale", _lm)
                return sklearn_case(*a, **k)
        fr_lasso = [0.3, 0.05, 0.005]
        fr_enet = [0.3, 0.05, 0.005, 0.0005]
        for f in fr_lasso:
            cases.append(case(D, f"{name}/lasso/{f}", "Lasso", dict(alpha=f * lm, fit_intercept=True, **cd),
                                      recipe=f"alpha={f}*lambda_max" + (" (of the unit-scale columns, all but 11)" if collinear else ""),
                                      coef_unique=not collinear))
        for rho in ([0.5, 0.2] if not collinear else [0.5]):
            for f in fr_enet:
                cases.append(case(D, f"{name}/enet{rho}/{f}", "ElasticNet",
                                          dict(alpha=f * lm / rho, l1_ratio=rho, fit_intercept=True, **cd),
                                          recipe=f"alpha={f}*lambda_max/l1_ratio"))
        # variations at 0.05 * alpha_max
        f = 0.05
        if not collinear:
            sw = sample_weights(n, 1000 + p)
            lmw = lam_max(D, sw)
            cases.append(case(D, f"{name}/lasso/weighted/{f}", "Lasso", dict(alpha=f * lmw, fit_intercept=True, **cd),
                                      sw=sw, recipe=f"alpha={f}*lambda_max(weighted); sample_weight=uniform(0.2,2) seed {1000 + p}"))
            cases.append(case(D, f"{name}/enet0.5/weighted/{f}", "ElasticNet",
                                      dict(alpha=f * lmw / 0.5, l1_ratio=0.5, fit_intercept=True, **cd),
                                      sw=sw, recipe=f"alpha={f}*lambda_max(weighted)/l1_ratio; sample_weight=uniform(0.2,2) seed {1000 + p}"))
            cases.append(case(D, f"{name}/lasso/positive/{f}", "Lasso",
                                      dict(alpha=f * lm, fit_intercept=True, positive=True, **cd), recipe=f"alpha={f}*lambda_max"))
            cases.append(case(D, f"{name}/enet0.5/positive/{f}", "ElasticNet",
                                      dict(alpha=f * lm / 0.5, l1_ratio=0.5, fit_intercept=True, positive=True, **cd),
                                      recipe=f"alpha={f}*lambda_max/l1_ratio"))
        lm0 = lam_max(D, None, False) if not collinear else grad_scale(X[:, unit], D["y"], np.ones(n), False)
        cases.append(case(D, f"{name}/lasso/nointercept/{f}", "Lasso", dict(alpha=f * lm0, fit_intercept=False, **cd),
                                  recipe=f"alpha={f}*lambda_max(no centering)", coef_unique=not collinear))
        cases.append(case(D, f"{name}/enet0.5/nointercept/{f}", "ElasticNet",
                                  dict(alpha=f * lm0 / 0.5, l1_ratio=0.5, fit_intercept=False, **cd),
                                  recipe=f"alpha={f}*lambda_max(no centering)/l1_ratio"))
        # ridge: alpha relative to the typical column sum of squares (median over columns of n*var(x_j))
        s = float(np.median(n * X.var(axis=0)))
        if collinear:
            s = float(np.median(n * X.var(axis=0)[X.var(axis=0) > 0]))
        rid = {"solver": "cholesky"}
        for c in ([1e-3, 0.1, 1.0, 10.0] if not collinear else [1e-2, 1.0]):
            cases.append(case(D, f"{name}/ridge/{c:g}", "Ridge", dict(alpha=c * s, fit_intercept=True, **rid),
                                      recipe=f"alpha={c:g}*median_j(n*var(x_j))"))
        c = 0.1
        if not collinear:
            sw = sample_weights(n, 2000 + p)
            cases.append(case(D, f"{name}/ridge/weighted/{c:g}", "Ridge", dict(alpha=c * s, fit_intercept=True, **rid),
                                      sw=sw, recipe=f"alpha={c:g}*median_j(n*var(x_j)); sample_weight=uniform(0.2,2) seed {2000 + p}"))
            cases.append(case(D, f"{name}/ridge/weighted_nointercept/{c:g}", "Ridge",
                                      dict(alpha=c * s, fit_intercept=False, **rid), sw=sw,
                                      recipe=f"alpha={c:g}*median_j(n*var(x_j)); sample_weight=uniform(0.2,2) seed {2000 + p}"))
        cases.append(case(D, f"{name}/ridge/nointercept/{c:g}", "Ridge", dict(alpha=c * s, fit_intercept=False, **rid),
                                  recipe=f"alpha={c:g}*median_j(n*var(x_j))"))
        if not collinear:
            Y = np.column_stack([D["y"], second_target(D, 3000 + p)])
            cases.append(case(D, f"{name}/ridge/multitarget/{c:g}", "Ridge", dict(alpha=c * s, fit_intercept=True, **rid),
                                      Y=Y, recipe=f"alpha={c:g}*median_j(n*var(x_j)); Y[:,1] = 10 + X N(0,1)-coef + noise, seed {3000 + p}"))
            sw = sample_weights(n, 2000 + p)
            cases.append(case(D, f"{name}/ridge/multitarget_weighted/{c:g}", "Ridge", dict(alpha=c * s, fit_intercept=True, **rid),
                                      sw=sw, Y=Y, recipe=f"as multitarget; sample_weight seed {2000 + p}"))
    dump(os.path.join(REFDIR, "sklearn_models.json"), cases)
    bad = [c["case_id"] for c in cases if c["kkt_relative"] > KKT_REL_LIMIT or not c["converged"]]
    note(f"sklearn_models.json: {len(cases)} cases; max kkt={max(c['kkt_max_violation'] for c in cases):.3e}, "
         f"max kkt_relative={max(c['kkt_relative'] for c in cases):.3e}; above 1e-8 relative / not converged: {bad or 'none'}")
    return cases


# ----------------------------------------------------------------------------------------------
# R glmnet driver
# ----------------------------------------------------------------------------------------------
class RBatch:
    def __init__(self):
        self.tmp = tempfile.mkdtemp(prefix="l1l2_ref_")
        self.tasks = []
        self.k = 0
        self.xfiles = {}

    def vec(self, a):
        a = np.asarray(a, dtype="<f8").ravel()
        self.k += 1
        fn = f"v{self.k}.f64"
        a.tofile(os.path.join(self.tmp, fn))
        return {"f64": fn, "len": int(a.size)}

    def X(self, D):
        if D["name"] not in self.xfiles:
            fn = f"X_{D['name']}.f64"
            D["X"].astype("<f8").tofile(os.path.join(self.tmp, fn))
            self.xfiles[D["name"]] = {"f64": fn, "n": D["n"], "p": D["p"]}
        return self.xfiles[D["name"]]

    def add(self, tid, ttype, D, y, args, control, **extra):
        t = {"id": tid, "type": ttype, "X": self.X(D), "y": self.vec(y), "control": control, "args": args}
        t.update(extra)
        self.tasks.append(t)

    def run(self):
        spec = os.path.join(self.tmp, "spec.json")
        out = os.path.join(self.tmp, "out.json")
        with open(spec, "w") as f:
            json.dump({"tasks": self.tasks}, f)
        subprocess.run(["Rscript", RSCRIPT_FILE, spec, out], check=True)
        with open(out) as f:
            res = json.load(f)
        for fn in os.listdir(self.tmp):
            os.remove(os.path.join(self.tmp, fn))
        os.rmdir(self.tmp)
        VERSIONS["glmnet"] = res["versions"]["glmnet"]
        VERSIONS["R"] = res["versions"]["R"]
        return res["results"]


def glmnet_std(D, wn, standardize):
    """glmnet's internal centring/scaling: weighted mean, weighted 1/n standard deviation."""
    X, n = D["X"], D["n"]
    xm = wn @ X / n
    xs = np.sqrt(wn @ (X - xm) ** 2 / n) if standardize else np.ones(D["p"])
    return xm, xs


def sd_y(y, wn):
    n = len(y)
    ym = np.sum(wn * y) / n
    return float(np.sqrt(np.sum(wn * (y - ym) ** 2) / n))


def glmnet_lambda_max(D, wn, standardize, alpha, pf):
    X, y, n = D["X"], D["y"], D["n"]
    xm, xs = glmnet_std(D, wn, standardize)
    g = np.abs(((X - xm) / xs).T @ (wn * (y - np.sum(wn * y) / n))) / n
    ok = pf > 0
    return float(np.max(g[ok] / pf[ok]) / max(alpha, 1e-3))


def glmnet_canonical(D, wn, standardize, alpha, lam, pf_resc, lower, beta, a0, sdy):
    """Canonical quantities of one glmnet gaussian solution.
    standardize=FALSE: canonical problem on X with pf1 = pf2 = pf_resc.
    standardize=TRUE : canonical problem on Z = (X - xbar_w)/xs with gamma = beta*xs (pf1 = pf2 = pf_resc),
                       i.e. on X with pf1 = pf_resc*xs, pf2 = pf_resc*xs^2. KKT is measured on Z."""
    X, y, n, p = D["X"], D["y"], D["n"], D["p"]
    l1 = lam * alpha
    l2 = lam * (1 - alpha) / (2 * sdy)
    xm, xs = glmnet_std(D, wn, standardize)
    lo = np.full(p, -np.inf) if lower is None else np.broadcast_to(np.asarray(lower, float), (p,)) * xs
    if standardize:
        Z = (X - xm) / xs
        gam = beta * xs
        b = a0 + xm @ beta
    else:
        Z, gam, b = X, beta, a0
    obj = objective(Z, y, wn, gam, b, l1, l2, pf_resc, pf_resc)
    kk = kkt(Z, y, wn, gam, b, l1, l2, True, pf_resc, pf_resc, lower=lo)
    scale = grad_scale(Z, y, wn, True)
    pg, pb = polish(Z, y, wn, gam, l1, l2, True, pf_resc, pf_resc)
    pkkt = kkt(Z, y, wn, pg, pb, l1, l2, True, pf_resc, pf_resc, lower=lo)
    pobj = objective(Z, y, wn, pg, pb, l1, l2, pf_resc, pf_resc)
    pbeta = pg / xs if standardize else pg
    pa0 = pb - xm @ pbeta if standardize else pb
    return {"l1": l1, "l2": l2, "objective": obj, "kkt": kk, "kkt_rel": kk / scale, "scale": scale,
            "xm": xm, "xs": xs, "polish_rel": rel_diff(gam, pg), "polish_beta": pbeta, "polish_a0": float(pa0),
            "polish_kkt": pkkt, "polish_objective": pobj}


# ----------------------------------------------------------------------------------------------
# 2. glmnet gaussian single-lambda fits
# ----------------------------------------------------------------------------------------------
def make_glmnet():
    R = RBatch()
    specs = []
    for name in ["diabetes", "synth_pn_60x300"]:
        D = load(name)
        n, p = D["n"], D["p"]
        ones = np.ones(p)
        pf_raw = np.ones(p)
        pf_raw[[0, 5]] = 0.0
        pf_raw[[1, 2, 7]] = 2.0
        sw = sample_weights(n, 4000 + p)
        plan = []
        for st in (True, False):
            for alpha in (1.0, 0.5):
                for f in (0.1, 0.01):
                    plan.append((f"std{'T' if st else 'F'}_a{alpha:g}_f{f:g}", st, alpha, f, None, None, None))
        for st in (True, False):
            for alpha in (1.0, 0.5):
                plan.append((f"pf_std{'T' if st else 'F'}_a{alpha:g}_f0.05", st, alpha, 0.05, pf_raw, None, None))
        plan.append(("lower0_stdF_a1_f0.05", False, 1.0, 0.05, None, 0.0, None))
        plan.append(("lower0_stdT_a0.5_f0.05", True, 0.5, 0.05, None, 0.0, None))
        plan.append(("weights_stdT_a1_f0.05", True, 1.0, 0.05, None, None, sw))
        plan.append(("weights_stdF_a0.5_f0.05", False, 0.5, 0.05, None, None, sw))
        for tag, st, alpha, f, pf, lower, w in plan:
            wn = norm_w(w, n)
            pf_in = ones if pf is None else pf
            pf_resc = pf_in * p / pf_in.sum()
            lmax = glmnet_lambda_max(D, wn, st, alpha, pf_resc)
            lam = f * lmax
            args = {"alpha": alpha, "lambda": R.vec([lam]), "standardize": st, "intercept": True,
                    "thresh": GLMNET_THRESH, "maxit": GLMNET_MAXIT}
            jargs = {"alpha": alpha, "lambda": lam, "standardize": st, "intercept": True,
                     "penalty.factor": None, "lower.limits": "-Inf", "upper.limits": "Inf", "weights": None,
                     "thresh": GLMNET_THRESH, "maxit": GLMNET_MAXIT, "family": "gaussian"}
            if pf is not None:
                args["penalty.factor"] = R.vec(pf)
                jargs["penalty.factor"] = flist(pf)
            if lower is not None:
                args["lower.limits"] = lower
                jargs["lower.limits"] = lower
            if w is not None:
                args["weights"] = R.vec(w)
                jargs["weights"] = flist(w)
            cid = f"{name}/glmnet/{tag}"
            R.add(cid, "fit", D, D["y"], args, "fdev0")
            specs.append((cid, D, st, alpha, lam, f, pf_resc, lower, w, jargs))
    res = R.run()
    cases = []
    for cid, D, st, alpha, lam, f, pf_resc, lower, w, jargs in specs:
        r = res[cid]
        assert r["jerr"] == 0, (cid, r["jerr"])
        # glmnet works with lambda/sd_y internally and reports (lambda/sd_y)*sd_y: may differ by an ulp
        assert len(r["lambda"]) == 1 and abs(r["lambda"][0] - lam) <= 1e-14 * lam, (cid, r["lambda"], lam)
        beta = np.array(r["beta"][0])
        a0 = float(r["a0"][0])
        wn = norm_w(w, D["n"])
        sdy = sd_y(D["y"], wn)
        c = glmnet_canonical(D, wn, st, alpha, lam, pf_resc, lower, beta, a0, sdy)
        p = D["p"]
        case = {
            "case_id": cid, "dataset": D["name"], "target": "y", "glmnet_args": jargs,
            "control": "glmnet.control(fdev = 0, devmax = 1)",
            "lambda_returned": r["lambda"][0],
            "a0": a0, "beta": flist(beta),
            "sd_y": sdy,
            "penalty_factor_rescaled": flist(pf_resc),
            "l1": c["l1"], "l2": c["l2"],
            "canonical_space": "standardized" if st else "original",
            "x_mean": flist(c["xm"]), "x_sd": flist(c["xs"]),
            "canonical_pf_l1": flist(pf_resc * c["xs"]), "canonical_pf_l2": flist(pf_resc * c["xs"] ** 2),
            "lower": None if lower is None else [float(lower)] * p,
            "objective": c["objective"],
            "kkt_max_violation": c["kkt"], "kkt_relative": c["kkt_rel"], "grad_scale": c["scale"],
            "polish_max_rel_diff": c["polish_rel"],
            "polished": {"a0": c["polish_a0"], "beta": flist(c["polish_beta"]), "objective": c["polish_objective"],
                         "kkt_max_violation": c["polish_kkt"]},
            "nnz": int(np.count_nonzero(beta)),
            "recipe": f"lambda={f:g}*lambda_max (glmnet units)",
            "df": r["df"][0], "dev.ratio": r["dev.ratio"][0], "nulldev": r["nulldev"], "npasses": r["npasses"],
            "source": f"R glmnet {VERSIONS['glmnet']}",
        }
        flag = "   <-- KKT ABOVE LIMIT" if c["kkt_rel"] > KKT_REL_LIMIT else ""
        print(f"  {cid:55s} nnz={case['nnz']:3d} kkt={c['kkt']:.2e} rel={c['kkt_rel']:.2e} polish={c['polish_rel']:.1e} "
              f"(polished kkt {c['polish_kkt']:.1e}, dobj {(c['objective'] - c['polish_objective']) / c['objective']:.1e}){flag}", flush=True)
        if c["polish_kkt"] > c["kkt"]:
            note(f"glmnet case {cid}: polished solution has larger KKT violation ({c['polish_kkt']:.2e}) than glmnet's")
        if flag:
            note(f"glmnet case {cid}: kkt={c['kkt']:.3e} rel={c['kkt_rel']:.3e}")
        cases.append(case)
    dump(os.path.join(REFDIR, "glmnet_gaussian.json"), cases)
    note(f"glmnet_gaussian.json: {len(cases)} cases; max kkt={max(c['kkt_max_violation'] for c in cases):.3e}, "
         f"max kkt_relative={max(c['kkt_relative'] for c in cases):.3e}, max polish diff={max(c['polish_max_rel_diff'] for c in cases):.2e}")
    cross_check_glmnet_sklearn(cases)
    return cases


def cross_check_glmnet_sklearn(cases):
    """Where a glmnet case is an unweighted/weighted, unconstrained, unit-penalty-factor, standardize=FALSE
    problem, solve the same canonical problem with sklearn ElasticNet and compare."""
    for c in cases:
        a = c["glmnet_args"]
        if a["standardize"] or a["penalty.factor"] is not None or a["lower.limits"] != "-Inf":
            continue
        D = load(c["dataset"])
        l1, l2 = c["l1"], c["l2"]
        alpha = l1 + 2 * l2
        sw = None if a["weights"] is None else np.array(a["weights"])
        m, _ = fit_sklearn("ElasticNet", dict(alpha=alpha, l1_ratio=l1 / alpha, tol=TOL, max_iter=MAX_ITER), D["X"], D["y"], sw)
        d = rel_diff(c["beta"], m.coef_)
        note(f"  cross-check glmnet vs sklearn on {c['case_id']}: max coef diff rel {d:.2e}, "
             f"intercept diff {abs(c['a0'] - m.intercept_):.2e}")


# ----------------------------------------------------------------------------------------------
# 3. paths
# ----------------------------------------------------------------------------------------------
def make_paths():
    entries = []
    R = RBatch()
    specs = []
    for name in ["diabetes", "synth_pn_60x300"]:
        D = load(name)
        X, y, n, p = D["X"], D["y"], D["n"], D["p"]
        ones = np.ones(n)
        xm, ym = X.mean(axis=0), y.mean()
        Xc, yc = X - xm, y - ym
        for fn, rho in (("lasso_path", 1.0), ("enet_path", 0.5)):
            kw = dict(eps=1e-3, n_alphas=100, tol=TOL, max_iter=MAX_ITER, precompute=False, return_n_iter=True)
            with warnings.catch_warnings(record=True) as wl:
                warnings.simplefilter("always")
                if fn == "lasso_path":
                    alphas, coefs, gaps, iters = lasso_path(Xc, yc, **kw)
                else:
                    alphas, coefs, gaps, iters = enet_path(Xc, yc, l1_ratio=rho, **kw)
            conv = not any(issubclass(w.category, ConvergenceWarning) for w in wl)
            B = coefs.T  # [n_alphas][p]
            icpt = ym - B @ xm
            l1s = alphas * rho
            l2s = alphas * (1 - rho) / 2
            objs = [objective(X, y, ones, B[k], icpt[k], l1s[k], l2s[k]) for k in range(len(alphas))]
            kk = [kkt(X, y, ones, B[k], icpt[k], l1s[k], l2s[k], True) for k in range(len(alphas))]
            scale = grad_scale(X, y, ones, True)
            params = {"eps": 1e-3, "n_alphas": 100, "tol": TOL, "max_iter": MAX_ITER, "precompute": False}
            if fn == "enet_path":
                params["l1_ratio"] = rho
            e = {"path_id": f"{name}/sklearn/{fn}", "dataset": name, "source": f"scikit-learn {sklearn.__version__}",
                 "function": fn, "params": params, "fit_intercept": True,
                 "x_mean": flist(xm), "y_mean": float(ym),
                 "alphas": flist(alphas), "coefs": fmat(B), "intercepts": flist(icpt),
                 "l1": flist(l1s), "l2": flist(l2s), "objective": flist(objs),
                 "kkt_max_violation": float(max(kk)), "kkt_relative": float(max(kk) / scale), "grad_scale": scale,
                 "n_iter": [int(v) for v in iters], "dual_gap": [sig3(g) for g in gaps], "converged": conv}
            print(f"  {e['path_id']:45s} kkt={max(kk):.2e} rel={max(kk) / scale:.2e} converged={conv}", flush=True)
            if max(kk) / scale > KKT_REL_LIMIT or not conv:
                note(f"path {e['path_id']}: kkt rel {max(kk) / scale:.2e}, converged={conv}")
            entries.append(e)
        for st in (True, False):
            for alpha in (1.0, 0.5):
                base = {"alpha": alpha, "standardize": st, "intercept": True, "nlambda": 100,
                        "thresh": GLMNET_THRESH, "maxit": GLMNET_MAXIT}
                pid = f"{name}/glmnet/std{'T' if st else 'F'}_a{alpha:g}"
                R.add(pid, "fit", D, y, dict(base), "fdev0")
                R.add(pid + "#factory", "fit", D, y, dict(base), "factory")
                specs.append((pid, D, st, alpha, base))
    res = R.run()
    for pid, D, st, alpha, base in specs:
        r, rf = res[pid], res[pid + "#factory"]
        assert r["jerr"] == 0 and rf["jerr"] == 0
        n, p = D["n"], D["p"]
        wn = np.ones(n)
        sdy = sd_y(D["y"], wn)
        lam = np.array(r["lambda"])
        B = np.array(r["beta"])
        a0 = np.array(r["a0"])
        pf = np.ones(p)
        cs = [glmnet_canonical(D, wn, st, alpha, lam[k], pf, None, B[k], a0[k], sdy) for k in range(len(lam))]
        kk = max(c["kkt"] for c in cs)
        kr = max(c["kkt_rel"] for c in cs)
        nf = len(rf["lambda"])
        Bf = np.array(rf["beta"])
        pre_lam = rel_diff(rf["lambda"], lam[:nf])
        pre_beta = rel_diff(Bf, B[:nf])
        args = dict(base)
        args["lambda.min.ratio"] = "default (1e-4 if n > p else 1e-2)"
        e = {"path_id": pid, "dataset": D["name"], "source": f"R glmnet {VERSIONS['glmnet']}", "function": "glmnet",
             "glmnet_args": args, "control": "glmnet.control(fdev = 0, devmax = 1)",
             "lambda_min_ratio": 1e-4 if n > p else 1e-2,
             "sd_y": sdy, "x_mean": flist(cs[0]["xm"]), "x_sd": flist(cs[0]["xs"]),
             "canonical_space": "standardized" if st else "original",
             "lambda": flist(lam), "a0": flist(a0), "beta": fmat(B), "df": r["df"], "dev.ratio": r["dev.ratio"],
             "nulldev": r["nulldev"], "npasses": r["npasses"],
             "l1": [c["l1"] for c in cs], "l2": [c["l2"] for c in cs], "objective": [c["objective"] for c in cs],
             "kkt_max_violation": kk, "kkt_relative": kr,
             "default_control": {"nlambda_returned": nf, "npasses": rf["npasses"],
                                 "max_rel_diff_lambda_vs_prefix": pre_lam, "max_rel_diff_beta_vs_prefix": pre_beta,
                                 "dev.ratio": rf["dev.ratio"]}}
        print(f"  {pid:45s} kkt={kk:.2e} rel={kr:.2e} nlambda={len(lam)} (factory control: {nf}, prefix diff {pre_beta:.1e})", flush=True)
        if kr > KKT_REL_LIMIT:
            note(f"path {pid}: kkt rel {kr:.2e}")
        entries.append(e)
    dump(os.path.join(REFDIR, "paths.json"), entries)
    note(f"paths.json: {len(entries)} paths; max kkt_relative={max(e['kkt_relative'] for e in entries):.3e}")
    # sklearn vs glmnet on the same grid is not possible (different grids); compare each glmnet
    # standardize=FALSE point against a fresh sklearn fit of the same canonical problem for a few points
    for e in entries:
        if e["function"] != "glmnet" or e["glmnet_args"]["standardize"]:
            continue
        D = load(e["dataset"])
        worst = 0.0
        for k in (10, 50, len(e["lambda"]) - 1):
            l1, l2 = e["l1"][k], e["l2"][k]
            a = l1 + 2 * l2
            m, _ = fit_sklearn("ElasticNet", dict(alpha=a, l1_ratio=l1 / a, tol=TOL, max_iter=MAX_ITER), D["X"], D["y"], None)
            worst = max(worst, rel_diff(e["beta"][k], m.coef_))
        note(f"  cross-check {e['path_id']} (lambda #11, #51, last) vs sklearn: max coef diff rel {worst:.2e}")
    return entries


# ----------------------------------------------------------------------------------------------
# 4. cv.glmnet
# ----------------------------------------------------------------------------------------------
def make_cv():
    R = RBatch()
    specs = []
    full_lambda = {}
    for name in ["diabetes", "synth_pn_60x300"]:
        D = load(name)
        foldid = D["folds"].astype(float) + 1
        for measure in ("mse", "mae"):
            for control in ("fdev0", "factory", "fdev0_lambda_given"):
                args = {"alpha": 1.0, "type.measure": measure, "thresh": GLMNET_THRESH, "maxit": GLMNET_MAXIT}
                cid = f"{name}/cv.glmnet/{measure}/{control}"
                specs.append((cid, D, args, control, foldid))
    # the explicit-lambda variant passes the full-data default sequence (fdev = 0): get it first
    for name in ["diabetes", "synth_pn_60x300"]:
        D = load(name)
        R.add(name, "fit", D, D["y"], {"alpha": 1.0, "thresh": GLMNET_THRESH, "maxit": GLMNET_MAXIT}, "fdev0")
    for name, r in R.run().items():
        full_lambda[name] = np.array(r["lambda"])
    R = RBatch()
    for cid, D, args, control, foldid in specs:
        a = dict(args)
        if control == "fdev0_lambda_given":
            a["lambda"] = R.vec(full_lambda[D["name"]])
        R.add(cid, "cv", D, D["y"], a, control.split("_")[0], foldid=R.vec(foldid))
    res = R.run()
    cases = []
    for cid, D, args, control, foldid in specs:
        r = res[cid]
        a = dict(args)
        a.update({"family": "gaussian", "standardize": True, "intercept": True, "nlambda": 100,
                  "nfolds": 10, "grouped": True, "alignment": "lambda",
                  "foldid": "shared folds10.i32 + 1 (also stored in `foldid`)"})
        if control == "fdev0_lambda_given":
            a["lambda"] = flist(full_lambda[D["name"]])
        assert r["fold_refit_max_abs_diff"] <= 1e-9, (cid, r["fold_refit_max_abs_diff"])
        c = {"case_id": cid, "dataset": D["name"], "glmnet_args": a,
             "control": "glmnet.control(factory = TRUE) (defaults: fdev = 1e-5, devmax = 0.999)" if control == "factory"
             else "glmnet.control(fdev = 0, devmax = 1)",
             "foldid": [int(v) for v in foldid],
             "lambda": r["lambda"], "cvm": r["cvm"], "cvsd": r["cvsd"], "cvup": r["cvup"], "cvlo": r["cvlo"],
             "nzero": r["nzero"], "lambda.min": r["lambda.min"], "lambda.1se": r["lambda.1se"],
             "index_min": r["index"][0], "index_1se": r["index"][1], "name": r["name"],
             "a0": r["a0"], "npasses": r["npasses"],
             "fold_lambda": r["fold_lambda"], "fold_refit_max_abs_diff": r["fold_refit_max_abs_diff"],
             "source": f"R glmnet {VERSIONS['glmnet']}"}
        print(f"  {cid:50s} nlambda={len(r['lambda'])} lambda.min={r['lambda.min']:.6g} (#{r['index'][0]}) "
              f"lambda.1se={r['lambda.1se']:.6g} (#{r['index'][1]}) fold path lengths {[len(v) for v in r['fold_lambda']]}",
              flush=True)
        cases.append(c)
    dump(os.path.join(REFDIR, "cv_glmnet.json"), cases)
    note(f"cv_glmnet.json: {len(cases)} cases")
    return cases


def main():
    what = set(sys.argv[1:]) or {"sklearn", "glmnet", "paths", "cv"}
    os.makedirs(REFDIR, exist_ok=True)
    make_collinear()
    if "sklearn" in what:
        make_sklearn()
    if "glmnet" in what:
        make_glmnet()
    if "paths" in what:
        make_paths()
    if "cv" in what:
        make_cv()
    print("\nversions:", json.dumps(VERSIONS))
    print("\nsummary:\n" + "\n".join(REPORT))


if __name__ == "__main__":
    main()
