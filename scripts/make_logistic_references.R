# R glmnet references for the binomial family: paths (test/glmnet-binomial.test.ts) and
# cv.glmnet curves with the shared fixed folds (test/cv-binomial.test.ts); and for the
# multinomial family on wine (test/glmnet-multinomial.test.ts; test/fixtures/data/wine is
# written by scripts/make_multinomial_references.py).
#
#   Rscript scripts/make_logistic_references.R      (Debian's r-cran-glmnet)
#
# Writes test/fixtures/reference/glmnet_binomial.json. Everything runs at thresh = 1e-20: at
# glmnet's default the near-separable points of the path are only ~1e-4 from the optimum.
suppressPackageStartupMessages(library(glmnet))
here <- dirname(sub("^--file=", "", grep("^--file=", commandArgs(FALSE), value = TRUE)))
source(file.path(here, "json.R"))
shared <- file.path(here, "..", "..", "shared", "datasets")
# optional arguments name the parts to run: binomial, multinomial (default both)
parts <- commandArgs(trailingOnly = TRUE)
wanted <- function(part) length(parts) == 0 || part %in% parts

load_dataset <- function(name, dir = shared) {
  d <- file.path(dir, name)
  meta <- jsonlite::fromJSON(file.path(d, "meta.json"))
  X <- matrix(readBin(file.path(d, "X.f64"), "double", n = meta$n * meta$p, size = 8, endian = "little"),
              nrow = meta$n, byrow = TRUE)
  y <- readBin(file.path(d, "y.f64"), "double", n = meta$n, size = 8, endian = "little")
  folds <- readBin(file.path(d, "folds10.i32"), "integer", n = meta$n, size = 4, endian = "little") + 1L
  list(X = X, y = y, folds = folds, n = meta$n, p = meta$p)
}

D <- load_dataset("breast_cancer")
n <- D$n; p <- D$p
w <- 0.5 + (seq_len(n) %% 7) / 4              # deterministic weights, mean ≠ 1
pf <- rep(1, p); pf[1] <- 0; pf[2] <- 2; pf[3:5] <- 0.5
lo <- rep(-Inf, p); lo[6:10] <- 0
hi <- rep(Inf, p); hi[11] <- 0.5

fit_case <- function(id, args, rows = seq_len(n), y = D$y) {
  glmnet.control(factory = TRUE)
  f <- do.call(glmnet, c(list(x = D$X[rows, ], y = y[rows], family = "binomial", thresh = 1e-20, maxit = 1e8), args))
  B <- t(as.matrix(f$beta)); dimnames(B) <- NULL
  list(id = id, args = args, rows = I(as.integer(rows - 1L)), y = I(as.double(y[rows])), lambda = I(as.double(f$lambda)), a0 = I(as.double(f$a0)), beta = B,
       df = I(as.integer(f$df)), dev.ratio = I(as.double(f$dev.ratio)), nulldev = as.double(f$nulldev),
       jerr = as.integer(f$jerr))
}

# what the tests compare of a cv.glmnet result
cv_summary <- function(id, args, cv) {
  list(id = id, args = args, lambda = I(as.double(cv$lambda)), cvm = I(as.double(cv$cvm)),
       cvsd = I(as.double(cv$cvsd)), nzero = I(as.integer(cv$nzero)), name = as.character(cv$name),
       lambda.min = as.double(cv$lambda.min), lambda.1se = as.double(cv$lambda.1se))
}

cv_case <- function(id, args) {
  glmnet.control(factory = TRUE)
  cv <- do.call(cv.glmnet, c(list(x = D$X, y = D$y, family = "binomial", foldid = D$folds,
                               thresh = 1e-20, maxit = 1e8), args))
  cv_summary(id, args, cv)
}

fits <- if (!wanted("binomial")) list() else list(
  fit_case("lasso", list()),
  fit_case("enet-raw", list(alpha = 0.5, standardize = FALSE, nlambda = 30)),
  fit_case("ridge", list(alpha = 0, nlambda = 20)),
  fit_case("weights-pf-limits", list(alpha = 0.8, weights = I(w), penalty.factor = I(pf),
                                     lower.limits = I(lo), upper.limits = I(hi), nlambda = 40)),
  fit_case("no-intercept", list(intercept = FALSE, nlambda = 30)),
  # n < p (λ down to 0.01·λ_max) on separable rows
  fit_case("n-lt-p", list(), rows = 1:25),
  # labels unrelated to X: the deviance ratio levels off and the path stops on fdev
  fit_case("fdev-stop", list(), y = as.double(seq_len(n) %% 2)),
  fit_case("user-lambda", list(alpha = 0.3, lambda = I(c(0.2, 0.05, 0.01, 0.002, 4e-4))))
)
cvs <- if (!wanted("binomial")) list() else list(
  cv_case("deviance", list(type.measure = "deviance")),
  cv_case("class", list(type.measure = "class")),
  cv_case("auc", list(type.measure = "auc")),
  cv_case("mse-enet", list(type.measure = "mse", alpha = 0.5)),
  cv_case("mae-weights", list(type.measure = "mae", weights = I(w)))
)
out <- list(dataset = "breast_cancer", weights = I(w), penalty.factor = I(pf), lower.limits = I(lo),
            upper.limits = I(hi), fits = fits, cv = cvs,
            versions = list(glmnet = as.character(packageVersion("glmnet")), R = R.version.string))
if (wanted("binomial")) {
  writeLines(tojson(out), file.path(here, "..", "test", "fixtures", "reference", "glmnet_binomial.json"))
  cat("wrote glmnet_binomial.json\n")
}

if (!wanted("multinomial")) quit(save = "no")
# glmnet's multinomial path does not reach thresh 1e-20 in useful time: 1e-14 leaves ~1e-8
W <- load_dataset("wine", file.path(here, "..", "test", "fixtures", "data"))
multi_fit <- function(id, args) {
  glmnet.control(factory = TRUE)
  f <- do.call(glmnet, c(list(x = W$X, y = W$y, family = "multinomial", thresh = 1e-14, maxit = 1e6), args))
  stopifnot(f$jerr == 0)
  B <- lapply(f$beta, function(b) { m <- t(as.matrix(b)); dimnames(m) <- NULL; m })  # [class][nlambda][p]
  a0 <- t(as.matrix(f$a0)); dimnames(a0) <- NULL                                      # [nlambda][class]
  list(id = id, args = args, lambda = I(as.double(f$lambda)), a0 = a0, beta = unname(B),
       df = I(as.integer(f$df)), dev.ratio = I(as.double(f$dev.ratio)), nulldev = as.double(f$nulldev),
       jerr = as.integer(f$jerr))
}
multi_cv <- function(id, args) {
  glmnet.control(factory = TRUE)
  cv <- do.call(cv.glmnet, c(list(x = W$X, y = W$y, family = "multinomial", foldid = W$folds,
                                 thresh = 1e-14, maxit = 1e6), args))
  cv_summary(id, args, cv)
}
ww <- 0.5 + (seq_len(W$n) %% 5) / 4
wpf <- rep(1, W$p); wpf[1] <- 0; wpf[2] <- 2
mout <- list(dataset = "wine", weights = I(ww), penalty.factor = I(wpf),
             fits = list(multi_fit("lasso", list(nlambda = 30)),
                         multi_fit("enet-weights", list(alpha = 0.5, nlambda = 20, weights = I(ww))),
                         multi_fit("raw-user-lambda", list(standardize = FALSE, lambda = I(c(0.3, 0.1, 0.03, 0.01))))),
             cv = list(multi_cv("deviance", list(nlambda = 30)),
                       multi_cv("class", list(type.measure = "class", nlambda = 30)),
                       multi_cv("mse", list(type.measure = "mse", nlambda = 30, alpha = 0.5))),
             # type.multinomial = "grouped" (test/glmnet-grouped.test.ts): down to 0.01·λ_max,
             # as far as R's grouped path converges at thresh 1e-14 on wine (jerr −20 below)
             grouped = list(multi_fit("lasso", list(type.multinomial = "grouped", nlambda = 20, lambda.min.ratio = 0.01)),
                            multi_fit("enet-weights", list(type.multinomial = "grouped", alpha = 0.5, nlambda = 20,
                                                           lambda.min.ratio = 0.01, weights = I(ww))),
                            # feature 1 unpenalized (in every fit, λ_max from the others), feature 2 doubly
                            multi_fit("penalty-factor", list(type.multinomial = "grouped", nlambda = 20, lambda.min.ratio = 0.01,
                                                             penalty.factor = I(wpf))),
                            # without an intercept R's grouped path stops converging earlier (jerr −18 at 0.01)
                            multi_fit("no-intercept", list(type.multinomial = "grouped", intercept = FALSE, nlambda = 20,
                                                           lambda.min.ratio = 0.05))),
             grouped_cv = list(multi_cv("deviance", list(type.multinomial = "grouped", nlambda = 20, lambda.min.ratio = 0.01))),
             versions = list(glmnet = as.character(packageVersion("glmnet")), R = R.version.string))
writeLines(tojson(mout), file.path(here, "..", "test", "fixtures", "reference", "glmnet_multinomial.json"))
cat("wrote glmnet_multinomial.json\n")
