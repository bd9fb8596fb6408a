// The --help texts.
export const MAIN_USAGE = `l1l2: Lasso, Ridge and Elastic-Net regression from the command line (WebAssembly kernels).

Usage:
  l1l2 fit [data.csv] [options]             fit a model; without a file, the bundled diabetes data
  l1l2 predict model.json new.csv [--out preds.csv]
  l1l2 help fit | l1l2 fit --help           options of a command
  l1l2 --version

Examples:
  l1l2 fit                                   # lasso on the diabetes data, λ by 10-fold CV
  l1l2 fit data.csv --target y --model enet --l1-ratio 0.5 --cv 10 --plot path.svg --out model.json
  l1l2 fit data.csv --target y --model lasso --alpha 0.1
  l1l2 predict model.json new.csv --out preds.csv

Errors in the input (a missing file or column, a cell that is not a number, an unknown option, a
model file that does not load) print one line on stderr and exit with code 2.
`;

export const FIT_USAGE = `Usage: l1l2 fit [data.csv] [options]

Reads a CSV file with a header row (without a file: the bundled diabetes data, target "y"), fits
a linear model of the target on the feature columns, and prints the coefficients (0 = dropped by
the L1 penalty), the penalty, R² and convergence.

Data:
  -t, --target NAME        the column to predict (required with a file; "y" for the bundled data)
  -f, --features A,B,C     the feature columns (default: every other numeric column)
  -d, --delimiter C        field separator (default ",", or tab for .tsv files; "tab" for a tab)

Model:
  -m, --model KIND         lasso (default) | enet | ridge | ols
      --l1-ratio R         enet's share of L1, in [0, 1] (default 0.5)
  -a, --alpha A            fix the penalty at scikit-learn's alpha (Lasso, ElasticNet, Ridge);
                           without --alpha the penalty is chosen by cross-validation
      --standardize        penalize standardized coefficients (default with CV, as glmnet)
      --no-standardize     do not (default with --alpha, as scikit-learn)

Cross-validation (R's cv.glmnet: λ on glmnet's scale, alpha = 1 lasso, l1-ratio enet, 0 ridge):
      --cv K               number of folds (default 10)
      --select min|1se     λ with the least CV error (default), or the largest within 1 SE of it
      --seed N             seed of the random fold assignment (default 1)

Output:
  -o, --out model.json     save the model (for l1l2 predict, or LinearRegression.fromJSON)
      --plot path.svg      save the plot of the coefficient path
  -h, --help               this text
`;

export const PREDICT_USAGE = `Usage: l1l2 predict model.json new.csv [--out preds.csv]

Predicts the target for each row of new.csv, from the columns of the same names as the features
the model was fitted on (other columns are ignored). Prints a CSV with one column, "prediction",
one row per data row (or writes it to --out). If new.csv also has the target column, the R² of
the predictions is printed on stderr.

Options:
  -o, --out preds.csv      write the predictions here instead of stdout
  -d, --delimiter C        field separator of new.csv (default ",", or tab for .tsv files)
  -h, --help               this text
`;
