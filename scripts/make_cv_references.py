"""scikit-learn LassoCV / ElasticNetCV / RidgeCV references for test/cv-sklearn.test.ts.

Run: /usr/bin/python3 scripts/make_cv_references.py  (Debian's python3-sklearn)
Writes test/fixtures/reference/sklearn_cv.json.
"""
import json, os
import numpy as np
import sklearn
from sklearn.linear_model import LassoCV, ElasticNetCV, RidgeCV

here = os.path.dirname(os.path.abspath(__file__))
shared = os.path.join(here, "..", "..", "shared", "datasets")

def load(name):
    d = os.path.join(shared, name)
    meta = json.load(open(os.path.join(d, "meta.json")))
    X = np.fromfile(os.path.join(d, "X.f64"), dtype="<f8").reshape(meta["n"], meta["p"])
    y = np.fromfile(os.path.join(d, "y.f64"), dtype="<f8")
    return X, y

cases = []
for name in ["diabetes", "synth_pn_60x300"]:
    X, y = load(name)
    for cls, kw in [(LassoCV, {}), (ElasticNetCV, {"l1_ratio": [0.2, 0.5, 0.9]})]:
        m = cls(cv=5, tol=1e-10, max_iter=10**6, n_alphas=30, **kw).fit(X, y)
        cases.append({
            "case_id": f"{name}/{cls.__name__}", "dataset": name, "model": cls.__name__,
            "params": {"cv": 5, "tol": 1e-10, "max_iter": 10**6, "n_alphas": 30, **kw},
            "alpha": float(m.alpha_), "l1_ratio": float(getattr(m, "l1_ratio_", 1.0)),
            "alphas": np.atleast_2d(m.alphas_).tolist(),
            "mse_path": (m.mse_path_ if m.mse_path_.ndim == 3 else m.mse_path_[None]).tolist(),
            "coef": m.coef_.tolist(), "intercept": float(m.intercept_),
        })
    for alphas in [[0.1, 1.0, 10.0], list(np.geomspace(1e-3, 1e3, 13))]:
        m = RidgeCV(alphas=alphas).fit(X, y)
        cases.append({
            "case_id": f"{name}/RidgeCV/{len(alphas)}", "dataset": name, "model": "RidgeCV",
            "params": {"alphas": alphas}, "alpha": float(m.alpha_), "best_score": float(m.best_score_),
            "coef": m.coef_.tolist(), "intercept": float(m.intercept_),
        })
out = os.path.join(here, "..", "test", "fixtures", "reference", "sklearn_cv.json")
json.dump({"versions": {"scikit-learn": sklearn.__version__}, "cases": cases}, open(out, "w"))
print("wrote", out, len(cases), "cases")
