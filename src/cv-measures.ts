// cv.glmnet's held-out measures: which family has which, their names, and each row's loss as
// cv.elnet, cv.lognet and cv.multnet compute it (and the AUC, which is per fold, not per row).
import type { Family } from "./glmnet.js";
import { sigmoid } from "./logistic.js";
import { softmax } from "./multinomial.js";

export type TypeMeasure = "mse" | "mae" | "deviance" | "class" | "auc";

/** cv.glmnet's measures per family and their names (gaussian deviance is the squared error). */
export const MEASURES: Record<Family, Partial<Record<TypeMeasure, string>>> = {
  gaussian: { mse: "Mean-Squared Error", deviance: "Mean-Squared Error", mae: "Mean Absolute Error" },
  binomial: {
    deviance: "Binomial Deviance", class: "Misclassification Error", auc: "AUC",
    mse: "Mean-Squared Error", mae: "Mean Absolute Error",
  },
  multinomial: {
    deviance: "Multinomial Deviance", class: "Misclassification Error", mse: "Mean-Squared Error", mae: "Mean Absolute Error",
  },
};

/** cv.lognet and cv.multnet clip held-out probabilities to [1e−5, 1 − 1e−5] for the deviance. */
const PROB_MIN = 1e-5;

/** cv.multnet's per-row measures for class c given the K class scores. */
export function multinomialLoss(type: TypeMeasure, c: number, scores: number[]): number {
  const top = Math.max(...scores);
  if (type === "class") return scores.indexOf(top) === c ? 0 : 1;
  const prob = softmax(scores);
  if (type === "mse") return prob.reduce((a, p, k) => a + ((k === c ? 1 : 0) - p) ** 2, 0);
  if (type === "mae") return prob.reduce((a, p, k) => a + Math.abs((k === c ? 1 : 0) - p), 0);
  return -2 * Math.log(Math.min(Math.max(prob[c], PROB_MIN), 1 - PROB_MIN));
}

export function gaussianLoss(type: TypeMeasure): (y: number, eta: number) => number {
  return type === "mae" ? (y, e) => Math.abs(y - e) : (y, e) => (y - e) ** 2;
}

/** cv.lognet's per-row measures for a 0/1 label t (its mse and mae count both classes' columns). */
export function binomialLoss(type: TypeMeasure): (t: number, eta: number) => number {
  switch (type) {
    // ranked as R ranks them, by probability: rows saturated at p = 1 (η > 37) tie there
    case "auc": return (_t, e) => sigmoid(e);
    case "class": return (t, e) => { const p = sigmoid(e); return t === 1 ? (p < 0.5 ? 1 : 0) : p >= 0.5 ? 1 : 0; };
    case "mse": return (t, e) => 2 * (t - sigmoid(e)) ** 2;
    case "mae": return (t, e) => 2 * Math.abs(t - sigmoid(e));
    default: return (t, e) => {
      const p = Math.min(Math.max(sigmoid(e), PROB_MIN), 1 - PROB_MIN);
      return -2 * Math.log(t === 1 ? p : 1 - p);
    };
  }
}

/**
 * Weighted AUC: the weighted share of (positive, negative) pairs ranked in the right order,
 * ties counting one half — the expectation of glmnet's random tie-breaking.
 */
export function auc(score: number[], t: number[], w: number[]): number {
  const order = score.map((_, i) => i).sort((a, b) => score[a] - score[b]);
  let neg = 0, pos = 0, right = 0;
  for (let a = 0; a < order.length;) {
    let b = a, tiedNeg = 0, tiedPos = 0;
    while (b < order.length && score[order[b]] === score[order[a]]) {
      const i = order[b++];
      if (t[i] === 1) tiedPos += w[i]; else tiedNeg += w[i];
    }
    right += tiedPos * (neg + tiedNeg / 2);
    neg += tiedNeg;
    pos += tiedPos;
    a = b;
  }
  return pos > 0 && neg > 0 ? right / (pos * neg) : NaN;
}
