#!/usr/bin/env Rscript
# glmnet peer for the path cases of bench/run.ts (T2, T3; bench/paths.ts): a lasso path over a
# given λ grid (glmnet) or 10-fold CV over it with given folds (cv.glmnet), timed with the same
# rule as bench/timing.ts (and glmnet_bench.R), one JSON line out.
#
# usage: glmnet_path_bench.R DIR MODEL THRESH SAMPLES MIN_SAMPLE_MS MAX_TOTAL_MS PATHDIR
# MODEL: lasso_path or lasso_cv. PATHDIR holds grid.f64 (decreasing λ = canonical l1 with
# standardize = FALSE), graded.i32 (0-based path points to return) and foldid.i32 (0-based).
# glmnet.control(fdev = 0, devmax = 1) so that the path never stops early.
suppressPackageStartupMessages(library(glmnet))

args <- commandArgs(trailingOnly = TRUE)
dir <- args[1]; model <- args[2]; thresh <- as.numeric(args[3])
samples <- as.integer(args[4]); min_ms <- as.numeric(args[5]); max_ms <- as.numeric(args[6]); pdir <- args[7]

peer_dir <- dirname(sub("^--file=", "", grep("^--file=", commandArgs(FALSE), value = TRUE)))
source(file.path(peer_dir, "data.R"))
ds <- read_dataset(dir); n <- ds$n; p <- ds$p; X <- ds$X; y <- ds$y
rd <- function(f, what, size) { fn <- file.path(pdir, f); readBin(fn, what, file.info(fn)$size / size, size = size, endian = "little") }
grid <- rd("grid.f64", "double", 8)
graded <- rd("graded.i32", "integer", 4)
foldid <- rd("foldid.i32", "integer", 4) + 1L

glmnet.control(fdev = 0, devmax = 1)
fit_once <- if (model == "lasso_path") {
  function() glmnet(X, y, family = "gaussian", alpha = 1, lambda = grid, standardize = FALSE,
                    intercept = TRUE, thresh = thresh, maxit = 1e8)
} else {
  function() cv.glmnet(X, y, family = "gaussian", alpha = 1, lambda = grid, foldid = foldid,
                       standardize = FALSE, intercept = TRUE, thresh = thresh, maxit = 1e8)
}

source(file.path(peer_dir, "timing.R"))

js <- function(v) paste0("[", paste(sprintf("%.17g", v), collapse = ","), "]")
timing <- sprintf('{"medianMs":%.17g,"minMs":%.17g,"samples":%d,"loops":%d,"firstMs":%.17g}',
                  median(per), min(per), length(per), loops, first)
if (model == "lasso_path") {
  B <- as.matrix(fit$beta)
  coefs <- paste0("[", paste(vapply(graded + 1L, function(k) js(B[, k]), ""), collapse = ","), "]")
  cat(sprintf('{"solver":"glmnet","timing":%s,"coefs":%s,"intercepts":%s,"nIter":%d,"converged":%s,"detail":"%s"}\n',
              timing, coefs, js(fit$a0[graded + 1L]), as.integer(fit$npasses),
              if (fit$jerr == 0 && length(fit$lambda) == length(grid)) "true" else "false",
              sprintf("glmnet(lambda=grid, standardize=FALSE, thresh=%g) + glmnet.control(fdev=0, devmax=1) (%s)",
                      thresh, if (p < 500) "covariance" else "naive")))
} else {
  k <- which.min(abs(fit$lambda - fit$lambda.min)) - 1L
  cat(sprintf('{"solver":"glmnet","timing":%s,"lambdaMin":%.17g,"indexMin":%d,"cvm":%s,"converged":true,"detail":"%s"}\n',
              timing, fit$lambda.min, k, js(fit$cvm),
              sprintf("cv.glmnet(lambda=grid, foldid, standardize=FALSE, thresh=%g) + glmnet.control(fdev=0, devmax=1)", thresh)))
}
