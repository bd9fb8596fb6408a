// Eigen-decomposition of a small symmetric matrix by cyclic Jacobi rotations: accurate to the
// last digits, O(r³) per sweep. Used once per RidgeCV fit on the smaller Gram (r = min(n, p)),
// and by the grouped multinomial engine on each group's K×K curvature.

/** A = V diag(values) Vᵀ for a symmetric r×r column-major A (only read). V is column-major. */
export function symmetricEigen(A: Float64Array, r: number): { values: Float64Array; vectors: Float64Array } {
  const a = Float64Array.from(A);
  // symmetrize from the lower triangle (what the Gram kernels fill)
  for (let j = 0; j < r; j++) for (let i = j + 1; i < r; i++) a[i * r + j] = a[j * r + i];
  const v = new Float64Array(r * r);
  for (let i = 0; i < r; i++) v[i * r + i] = 1;
  for (let sweep = 0; sweep < 100; sweep++) {
    let off = 0, diag = 0;
    for (let j = 0; j < r; j++) {
      diag += a[j * r + j] ** 2;
      for (let i = j + 1; i < r; i++) off += a[j * r + i] ** 2;
    }
    if (off <= 1e-30 * diag || off === 0) break;
    for (let p = 0; p < r - 1; p++) {
      for (let q = p + 1; q < r; q++) {
        const apq = a[q * r + p];
        if (apq === 0) continue;
        const app = a[p * r + p], aqq = a[q * r + q];
        const theta = (aqq - app) / (2 * apq);
        const t = Math.sign(theta || 1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        const c = 1 / Math.sqrt(t * t + 1), s = t * c;
        for (let k = 0; k < r; k++) { // columns p and q
          const akp = a[p * r + k], akq = a[q * r + k];
          a[p * r + k] = c * akp - s * akq;
          a[q * r + k] = s * akp + c * akq;
        }
        for (let k = 0; k < r; k++) { // rows p and q
          const apk = a[k * r + p], aqk = a[k * r + q];
          a[k * r + p] = c * apk - s * aqk;
          a[k * r + q] = s * apk + c * aqk;
        }
        for (let k = 0; k < r; k++) {
          const vkp = v[p * r + k], vkq = v[q * r + k];
          v[p * r + k] = c * vkp - s * vkq;
          v[q * r + k] = s * vkp + c * vkq;
        }
      }
    }
  }
  return { values: Float64Array.from({ length: r }, (_, i) => a[i * r + i]), vectors: v };
}
