# R worker for scripts/make_references.py (do not run by hand; the Python script drives it).
#
#   Rscript scripts/make_references.R <spec.json> <out.json>
#
# spec.json: {"tasks": [{"id", "type": "fit"|"cv", "X": {"f64", "n", "p"}, "y": {"f64", "len"},
#                        "control": "fdev0"|"factory", "args": {glmnet argument name: value}, ...}]}
# Every floating-point input arrives as a little-endian float64 file ({"f64": file, "len": k}) so
# nothing is lost in a decimal round trip. Output numbers are written with sprintf("%.17g"):
# jsonlite::toJSON(digits = NA) keeps only 15 significant digits, which does NOT round-trip doubles.
suppressPackageStartupMessages({
  library(glmnet)
  library(jsonlite)
})

argv <- commandArgs(trailingOnly = TRUE)
spec <- fromJSON(argv[1], simplifyVector = FALSE)
base <- dirname(argv[1])

readv <- function(v) {
  if (is.list(v) && !is.null(v$f64)) {
    return(readBin(file.path(base, v$f64), "double", n = v$len, size = 8, endian = "little"))
  }
  if (is.list(v)) return(unlist(v))
  v
}

source(file.path(dirname(sub("^--file=", "", grep("^--file=", commandArgs(FALSE), value = TRUE))), "json.R"))

xcache <- list()
getX <- function(d) {
  key <- d$f64
  if (is.null(xcache[[key]])) {
    v <- readBin(file.path(base, d$f64), "double", n = d$n * d$p, size = 8, endian = "little")
    xcache[[key]] <<- matrix(v, nrow = d$n, ncol = d$p, byrow = TRUE)  # file is row-major
  }
  xcache[[key]]
}

set_control <- function(ctrl) {
  glmnet.control(factory = TRUE)
  if (identical(ctrl, "fdev0")) glmnet.control(fdev = 0, devmax = 1)
}

build_args <- function(t) {
  a <- lapply(t$args, readv)
  a
}

run_fit <- function(t) {
  X <- getX(t$X)
  y <- readv(t$y)
  set_control(t$control)
  a <- build_args(t)
  fit <- do.call(glmnet, c(list(x = X, y = y, family = "gaussian"), a))
  B <- t(as.matrix(fit$beta))  # [nlambda][p]
  dimnames(B) <- NULL
  list(lambda = I(as.double(fit$lambda)), a0 = I(as.double(fit$a0)), beta = B,
       df = I(as.integer(fit$df)), dev.ratio = I(as.double(fit$dev.ratio)),
       nulldev = as.double(fit$nulldev), npasses = as.integer(fit$npasses),
       jerr = as.integer(fit$jerr))
}

run_cv <- function(t) {
  X <- getX(t$X)
  y <- readv(t$y)
  set_control(t$control)
  a <- build_args(t)
  foldid <- as.integer(round(readv(t$foldid)))
  cv <- do.call(cv.glmnet, c(list(x = X, y = y, family = "gaussian", foldid = foldid, keep = TRUE), a))
  # glmnet 4.1.6 cv.glmnet.raw fits every fold with `lambda = <the user's lambda argument>`: NULL by default,
  # so each fold runs on ITS OWN default lambda sequence, and predict(fold_fit, s = full-data lambda)
  # interpolates the coefficients linearly in lambda (lambda.interp), clamping outside the fold's range.
  # Refit the folds the same way to record each fold's lambda sequence, and check the predictions.
  fa <- a[setdiff(names(a), c("type.measure", "nfolds", "grouped", "keep", "parallel", "alignment"))]
  folds <- sort(unique(foldid))
  fold_lambda <- list()
  maxdiff <- 0
  for (k in folds) {
    tr <- foldid != k
    f <- do.call(glmnet, c(list(x = X[tr, , drop = FALSE], y = y[tr], family = "gaussian"), fa))
    fold_lambda[[k]] <- I(as.double(f$lambda))
    pr <- predict(f, X[!tr, , drop = FALSE], s = cv$lambda)
    maxdiff <- max(maxdiff, max(abs(pr - cv$fit.preval[!tr, seq_len(ncol(pr)), drop = FALSE])))
  }
  list(lambda = I(as.double(cv$lambda)), cvm = I(as.double(cv$cvm)), cvsd = I(as.double(cv$cvsd)),
       cvup = I(as.double(cv$cvup)), cvlo = I(as.double(cv$cvlo)), nzero = I(as.integer(cv$nzero)),
       lambda.min = as.double(cv$lambda.min), lambda.1se = as.double(cv$lambda.1se),
       index = I(as.integer(cv$index)), name = as.character(cv$name),
       a0 = I(as.double(cv$glmnet.fit$a0)), npasses = as.integer(cv$glmnet.fit$npasses),
       fold_lambda = fold_lambda, fold_refit_max_abs_diff = maxdiff)
}

out <- list()
for (t in spec$tasks) {
  res <- switch(t$type, fit = run_fit(t), cv = run_cv(t), stop("unknown task type ", t$type))
  out[[t$id]] <- res
}
glmnet.control(factory = TRUE)
out <- list(results = out,
            versions = list(glmnet = as.character(packageVersion("glmnet")),
                            R = R.version.string))
writeLines(tojson(out), argv[2])
