// Command-line parsing (node:util parseArgs, strict) and the validation of each option's value.
// Every mistake becomes a CliError (exit code 2) that names the option.
import { parseArgs } from "node:util";
import { CliError } from "./errors.js";

export type ModelKind = "lasso" | "enet" | "ridge" | "ols";
export const MODELS: readonly ModelKind[] = ["lasso", "enet", "ridge", "ols"];

export interface FitArgs {
  file: string | null;
  target: string | null;
  features: string[] | null;
  model: ModelKind;
  /** A fixed penalty (scikit-learn's alpha); null = choose λ by cross-validation. */
  alpha: number | null;
  l1Ratio: number;
  /** Folds of the cross-validation; null when the penalty is fixed or the model is ols. */
  cv: number | null;
  select: "min" | "1se";
  seed: number;
  /** null = the default of the face: false for a fixed alpha (scikit-learn), true for CV (glmnet). */
  standardize: boolean | null;
  plot: string | null;
  out: string | null;
  delimiter: string | undefined;
}

export interface PredictArgs {
  model: string;
  file: string;
  out: string | null;
  delimiter: string | undefined;
}

export type Command =
  | { kind: "help"; topic: "main" | "fit" | "predict" }
  | { kind: "version" }
  | { kind: "fit"; args: FitArgs }
  | { kind: "predict"; args: PredictArgs };

type Spec = Record<string, { type: "string" | "boolean"; short?: string }>;

const FIT_OPTIONS: Spec = {
  target: { type: "string", short: "t" },
  features: { type: "string", short: "f" },
  model: { type: "string", short: "m" },
  alpha: { type: "string", short: "a" },
  "l1-ratio": { type: "string" },
  cv: { type: "string" },
  select: { type: "string" },
  seed: { type: "string" },
  standardize: { type: "boolean" },
  "no-standardize": { type: "boolean" },
  plot: { type: "string" },
  out: { type: "string", short: "o" },
  delimiter: { type: "string", short: "d" },
  help: { type: "boolean", short: "h" },
};

const PREDICT_OPTIONS: Spec = {
  out: { type: "string", short: "o" },
  delimiter: { type: "string", short: "d" },
  help: { type: "boolean", short: "h" },
};

function parse(command: string, argv: string[], options: Spec) {
  try {
    return parseArgs({ args: argv, options, strict: true, allowPositionals: true });
  } catch (err) {
    const e = err as Error & { code?: string };
    // parseArgs names the option as '--alpha', '-x' or '-a, --alpha <value>': keep the long form
    const quoted = /'([^']*)'/.exec(e.message)?.[1] ?? "";
    const name = /--[\w-]+/.exec(quoted)?.[0] ?? /-\S+/.exec(quoted)?.[0] ?? quoted;
    const see = `(l1l2 ${command} --help lists the options)`;
    if (e.code === "ERR_PARSE_ARGS_UNKNOWN_OPTION") throw new CliError(`unknown option ${name} for l1l2 ${command} ${see}`);
    if (e.code === "ERR_PARSE_ARGS_INVALID_OPTION_VALUE") {
      if (/ambiguous/.test(e.message)) throw new CliError(`option ${name} needs a value; write ${name}=VALUE for a value that starts with "-"`);
      if (/argument missing/.test(e.message)) throw new CliError(`option ${name} needs a value ${see}`);
      throw new CliError(`option ${name} takes no value ${see}`);
    }
    throw new CliError(`${e.message} ${see}`);
  }
}

function number(option: string, raw: string, lo: number, hi: number, integer = false): number {
  const v = raw.trim() === "" ? NaN : Number(raw);
  if (!Number.isFinite(v) || v < lo || v > hi || (integer && !Number.isInteger(v))) {
    const range = hi === Infinity ? `≥ ${lo}` : `in [${lo}, ${hi}]`;
    throw new CliError(`--${option} must be ${integer ? "an integer" : "a number"} ${range}, got "${raw}"`);
  }
  return v;
}

function oneOf<T extends string>(option: string, raw: string, allowed: readonly T[]): T {
  if (!(allowed as readonly string[]).includes(raw)) {
    throw new CliError(`--${option} must be one of ${allowed.join(", ")}, got "${raw}"`);
  }
  return raw as T;
}

function delimiter(raw: string | undefined): string | undefined {
  if (raw === undefined) return undefined;
  const d = raw === "\\t" || raw === "tab" ? "\t" : raw;
  if (d.length !== 1) throw new CliError(`--delimiter must be one character (or "tab"), got "${raw}"`);
  return d;
}

export function parseFit(argv: string[]): Command {
  const { values: v, positionals } = parse("fit", argv, FIT_OPTIONS);
  if (v.help) return { kind: "help", topic: "fit" };
  if (positionals.length > 1) {
    throw new CliError(`l1l2 fit takes one data file, got ${positionals.length}: ${positionals.join(" ")}`);
  }
  const s = (k: string) => v[k] as string | undefined;
  const model = oneOf("model", s("model") ?? "lasso", MODELS);
  if (s("l1-ratio") !== undefined && model !== "enet") {
    throw new CliError(`--l1-ratio applies to --model enet (the model is ${model})`);
  }
  const l1Ratio = number("l1-ratio", s("l1-ratio") ?? "0.5", 0, 1);
  if (model === "ols" && s("alpha") !== undefined) throw new CliError("--alpha does not apply to --model ols (no penalty)");
  const alpha = s("alpha") === undefined ? null : number("alpha", s("alpha")!, 0, Infinity);
  if (alpha !== null && s("cv") !== undefined) {
    throw new CliError("--alpha fixes the penalty and --cv chooses it: give one of them");
  }
  const fixed = alpha !== null || model === "ols";
  for (const o of ["cv", "select", "seed"]) {
    if (fixed && s(o) !== undefined) {
      throw new CliError(model === "ols"
        ? `--${o} does not apply to --model ols (no penalty to choose)`
        : `--${o} applies to cross-validation, which --alpha turns off`);
    }
  }
  if (v.standardize && v["no-standardize"]) throw new CliError("--standardize and --no-standardize contradict each other");
  const features = s("features") === undefined ? null : s("features")!.split(",").map((f) => f.trim());
  if (features && features.some((f) => f === "")) throw new CliError(`--features has an empty name: "${s("features")}"`);
  const file = positionals[0] ?? null;
  return {
    kind: "fit",
    args: {
      file,
      target: s("target") ?? null,
      features,
      model,
      alpha,
      l1Ratio,
      cv: fixed ? null : s("cv") === undefined ? 10 : number("cv", s("cv")!, 3, Infinity, true),
      select: oneOf("select", s("select") ?? "min", ["min", "1se"] as const),
      seed: s("seed") === undefined ? 1 : number("seed", s("seed")!, 0, 2 ** 32 - 1, true),
      standardize: v.standardize ? true : v["no-standardize"] ? false : null,
      plot: s("plot") ?? null,
      out: s("out") ?? null,
      delimiter: delimiter(s("delimiter")),
    },
  };
}

export function parsePredict(argv: string[]): Command {
  const { values: v, positionals } = parse("predict", argv, PREDICT_OPTIONS);
  if (v.help) return { kind: "help", topic: "predict" };
  if (positionals.length !== 2) {
    throw new CliError(`l1l2 predict takes a model file and a data file (l1l2 predict model.json new.csv), got ${positionals.length} argument${positionals.length === 1 ? "" : "s"}`);
  }
  return {
    kind: "predict",
    args: { model: positionals[0], file: positionals[1], out: (v.out as string | undefined) ?? null, delimiter: delimiter(v.delimiter as string | undefined) },
  };
}

export function parseCommand(argv: string[]): Command {
  const [first, ...rest] = argv;
  if (first === undefined || first === "-h" || first === "--help" || first === "help") {
    if (first === "help" && (rest[0] === "fit" || rest[0] === "predict")) return { kind: "help", topic: rest[0] };
    return { kind: "help", topic: "main" };
  }
  if (first === "-v" || first === "--version") return { kind: "version" };
  if (first === "fit") return parseFit(rest);
  if (first === "predict") return parsePredict(rest);
  if (first.startsWith("-")) throw new CliError(`unknown option ${first} (l1l2 --help lists the commands)`);
  throw new CliError(`unknown command "${first}": the commands are fit and predict (l1l2 --help)`);
}
