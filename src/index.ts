// l1l2: L1, L2 and elastic-net regularized models with WebAssembly kernels.
export { init, initSync, isInitialized, memoryStats } from "./wasm.js";
export { L1L2Error } from "./errors.js";
export type { L1L2ErrorCode } from "./errors.js";
export { DesignMatrix } from "./design.js";
export type { DesignOptions } from "./design.js";
export type { MatrixInput, Vector } from "./input.js";
export { l1, l2, l1l2, none, isRegularizer, regularizerFromJSON } from "./regularizers.js";
export type { Regularizer } from "./regularizers.js";
export { LinearRegression } from "./models/linear-regression.js";
export type { LinearRegressionOptions } from "./models/linear-regression.js";
export { Lasso, ElasticNet, Ridge } from "./models/sklearn.js";
export type { LassoOptions, ElasticNetOptions, RidgeOptions, ModelJSON } from "./models/sklearn.js";
export type { CommonOptions, FitOptions } from "./models/linear-model.js";
export { glmnet, coef, predict, glmnetControl } from "./glmnet.js";
export type { GlmnetOptions, GlmnetFit, AtLambda } from "./glmnet.js";
export { lassoPath, enetPath } from "./sklearn-path.js";
export type { EnetPathOptions, EnetPathResult } from "./sklearn-path.js";
export type { Progress } from "./path.js";
