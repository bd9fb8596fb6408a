"""scikit-learn references for the multinomial and CV logistic faces.

Run: /usr/bin/python3 scripts/make_multinomial_references.py  (Debian's python3-sklearn)
Writes test/fixtures/data/wine/ (scikit-learn's load_wine in the shared X.f64 format, with a
fixed 10-fold assignment) and test/fixtures/reference/sklearn_logistic.json:
  - LogisticRegression multinomial (l2 newton-cg, l1 / elasticnet saga, weights, no intercept)
    on wine standardized (z-scores, sd with 1/n), at tol 1e-10;
  - LogisticRegressionCV (StratifiedKFold(5), Cs = 10) on breast_cancer and wine, standardized.
"""
import json, os
import numpy as np
import sklearn
from sklearn.datasets import load_wine
from sklearn.linear_model import LogisticRegression, LogisticRegressionCV

here = os.path.dirname(os.path.abspath(__file__))
root = os.path.join(here, "..")
shared = os.path.join(root, "..", "shared", "datasets")

wine = load_wine()
wdir = os.path.join(root, "test", "fixtures", "data", "wine")
os.makedirs(wdir, exist_ok=True)
Xw = wine.data.astype("<f8")
yw = wine.target.astype("<f8")
Xw.tofile(os.path.join(wdir, "X.f64"))
yw.tofile(os.path.join(wdir, "y.f64"))
np.asarray(np.arange(len(yw)) * 7 % 10, dtype="<i4").tofile(os.path.join(wdir, "folds10.i32"))
json.dump({"name": "wine", "n": int(Xw.shape[0]), "p": int(Xw.shape[1]), "task": "multiclass",
           "source": f"scikit-learn {sklearn.__version__} load_wine()", "layout": "dense",
           "notes": "178 x 13 raw features, 3 classes (labels 0, 1, 2)",
           "folds": "folds10.i32: int32 fold id 0..9 per row, (7·i) mod 10"}, open(os.path.join(wdir, "meta.json"), "w"), indent=1)

def load(name):
    d = os.path.join(shared, name)
    meta = json.load(open(os.path.join(d, "meta.json")))
    X = np.fromfile(os.path.join(d, "X.f64"), dtype="<f8").reshape(meta["n"], meta["p"])
    return X, np.fromfile(os.path.join(d, "y.f64"), dtype="<f8")

def zscore(X):
    return (X - X.mean(axis=0)) / X.std(axis=0)

Zw = zscore(Xw)
sw = 0.5 + (np.arange(len(yw)) % 5) / 4
cases = []
for cid, kw, fit_kw in [
    ("l2", dict(penalty="l2", C=1.0, solver="newton-cg"), {}),
    ("l2-weights", dict(penalty="l2", C=0.1, solver="newton-cg"), {"sample_weight": sw}),
    ("l2-no-intercept", dict(penalty="l2", C=2.0, solver="newton-cg", fit_intercept=False), {}),
    ("l1", dict(penalty="l1", C=0.5, solver="saga"), {}),
    ("elasticnet", dict(penalty="elasticnet", C=0.3, l1_ratio=0.5, solver="saga"), {}),
]:
    # newton-cg converges in a few dozen steps; near tol 1e-10 its line search fails and it would
    # run to max_iter, so that is kept small
    tol = 1e-10
    m = LogisticRegression(multi_class="multinomial", tol=tol, max_iter=300 if kw["solver"] == "newton-cg" else 10**5, **kw).fit(Zw, yw, **fit_kw)
    cases.append({"id": cid, "dataset": "wine", "standardized": True, "params": kw, "tol": tol,
                  "sample_weight": fit_kw.get("sample_weight", np.ones(0)).tolist(),
                  "coef": m.coef_.tolist(), "intercept": m.intercept_.tolist(), "n_iter": int(m.n_iter_[0])})

cv_cases = []
Xb, yb = load("breast_cancer")
for cid, X, y, kw in [
    ("breast_cancer-l2", zscore(Xb), yb, dict(penalty="l2", solver="newton-cg")),
    ("wine-l2", Zw, yw, dict(penalty="l2", solver="newton-cg")),
    ("wine-l1", Zw, yw, dict(penalty="l1", solver="saga")),
]:
    m = LogisticRegressionCV(Cs=10, cv=5, tol=1e-10, max_iter=300 if kw["solver"] == "newton-cg" else 10**5, multi_class="multinomial" if len(set(y)) > 2 else "auto", **kw).fit(X, y)
    scores = next(iter(m.scores_.values()))
    cv_cases.append({"id": cid, "dataset": cid.split("-")[0], "standardized": True, "params": kw,
                     "Cs": m.Cs_.tolist(), "C": float(m.C_[0]), "scores": scores.tolist(),
                     "coef": m.coef_.tolist(), "intercept": m.intercept_.tolist()})

out = os.path.join(root, "test", "fixtures", "reference", "sklearn_logistic.json")
json.dump({"versions": {"scikit-learn": sklearn.__version__}, "multinomial": cases, "cv": cv_cases}, open(out, "w"))
print("wrote", out, len(cases), "+", len(cv_cases), "cases")
