// A cross-validation fold's Gram from the whole data's, for covariance-mode coordinate descent
// (src/gaussian.ts): a fold fit is the full design with zero weight on its held-out rows, so its
// Gram is the whole one less theirs, p²·(held rows)/2 multiply-adds rather than p²·n/2.

/**
 * G (p×p, every column whole) = c·(G₀ − D − U·δδᵀ): the weighted, centred Gram under fold
 * weights that are c·u on the training rows and 0 on the held-out ones, from G₀ and D, the
 * Grams under u of all rows and of the held-out rows (lower triangles, column-major, centred at
 * the whole data's weighted means m_u), δ = m_u − m_w (m_w the fold's weighted means; 0 without
 * an intercept, where both are the same fixed centre) and U = Σu over the training rows:
 * Σ_T u(x − m_w)(x − m_w)ᵀ = Σ_T u(x − m_u)(x − m_u)ᵀ − U·δδᵀ, m_w being the training rows' mean.
 */
export function foldGram(p: i32, G0: usize, D: usize, delta: usize, U: f64, c: f64, G: usize): void {
  for (let j = 0; j < p; j++) {
    const dj = load<f64>(delta + (<usize>j << 3)), dst = G + ((<usize>j * <usize>p) << 3);
    for (let i = 0; i < p; i++) {
      // (the lower triangle holds (i, j) in column min(i, j))
      const at = i >= j ? (<usize>j * <usize>p + <usize>i) << 3 : (<usize>i * <usize>p + <usize>j) << 3;
      const di = load<f64>(delta + (<usize>i << 3));
      store<f64>(dst + (<usize>i << 3), c * (load<f64>(G0 + at) - load<f64>(D + at) - U * di * dj));
    }
  }
}
