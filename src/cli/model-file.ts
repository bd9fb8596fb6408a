// The saved model of `l1l2 fit --out`: a small wrapper around a model's own toJSON() that adds
// the names of the feature columns (so that `l1l2 predict` picks them by name) and how the model
// was chosen. The inner `model` is a plain l1l2 ModelJSON: LinearRegression.fromJSON (or Lasso…)
// restores it. A bare ModelJSON (from toJSON()) is accepted too: it has no column names.
import { readFileSync, writeFileSync } from "node:fs";
import { ElasticNet, L1L2Error, Lasso, LinearRegression, Ridge } from "../index.js";
import type { ModelJSON } from "../index.js";
import { CliError, fsReason } from "./errors.js";

export const FORMAT = "l1l2-cli-model";

export interface SavedModel {
  format: typeof FORMAT;
  version: 1;
  /** The target column the model predicts. */
  target: string | null;
  /** Feature column names, in the order of model.coef. */
  features: string[];
  /** How the model was chosen (for people; not needed to load it). */
  fit: Record<string, unknown>;
  model: ModelJSON;
}

type Model = LinearRegression | Lasso | ElasticNet | Ridge;

export interface LoadedModel {
  model: Model;
  features: string[] | null;
  target: string | null;
}

const LOADERS: Record<string, (j: unknown) => Model> = {
  LinearRegression: (j) => LinearRegression.fromJSON(j),
  Lasso: (j) => Lasso.fromJSON(j),
  ElasticNet: (j) => ElasticNet.fromJSON(j),
  Ridge: (j) => Ridge.fromJSON(j),
};

export function saveModel(path: string, display: string, saved: SavedModel): void {
  try {
    writeFileSync(path, JSON.stringify(saved, null, 2) + "\n");
  } catch (err) {
    throw new CliError(`cannot write the model: ${fsReason(err, display)}`);
  }
}

export function loadModel(path: string, display: string): LoadedModel {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (err) {
    throw new CliError(fsReason(err, display));
  }
  if (text.trim() === "") throw new CliError(`${display} is empty`);
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    throw new CliError(`${display} is not valid JSON (${(err as Error).message})`);
  }
  const bad = (why: string) => new CliError(`${display} is not an l1l2 model: ${why}`);
  if (!json || typeof json !== "object" || Array.isArray(json)) throw bad("expected a JSON object");
  const o = json as Record<string, unknown>;
  let inner: unknown = json, features: string[] | null = null, target: string | null = null;
  if (o.format === FORMAT) {
    if (o.version !== 1) throw bad(`unsupported version ${String(o.version)} of ${FORMAT}`);
    if (!Array.isArray(o.features) || !o.features.every((f) => typeof f === "string")) throw bad("features must be a list of column names");
    features = o.features as string[];
    target = typeof o.target === "string" ? o.target : null;
    inner = o.model;
  } else if (o.format !== "l1l2-model") {
    throw bad(`format must be "${FORMAT}" (l1l2 fit --out) or "l1l2-model" (a model's toJSON())`);
  }
  const kind = (inner as { model?: unknown } | null)?.model;
  const load = typeof kind === "string" ? LOADERS[kind] : undefined;
  if (!load) throw bad(`unknown model ${JSON.stringify(kind)} (LinearRegression, Lasso, ElasticNet or Ridge)`);
  let model: Model;
  try {
    model = load(inner);
  } catch (err) {
    if (err instanceof L1L2Error) throw bad(err.message);
    throw err;
  }
  if (features && features.length !== model.coef.length) {
    throw bad(`it names ${features.length} features but has ${model.coef.length} coefficients`);
  }
  return { model, features, target };
}
