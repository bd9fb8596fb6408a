#!/usr/bin/env Rscript
# glmnet peer for T5 (bench/logistic-path.ts): the L1-logistic path over a given λ grid
# (family = "binomial", alpha = 1, standardize = FALSE: λ is l1 of (1/n)·Σ logloss + l1·‖β‖₁),
# timed with the rule of bench/timing.ts, one JSON line out.
#
# usage: glmnet_logistic_bench.R DIR THRESH SAMPLES MIN_SAMPLE_MS MAX_TOTAL_MS PATHDIR
# PATHDIR holds grid.f64 and graded.i32 (0-based points to return).
suppressPackageStartupMessages(library(glmnet))

args <- commandArgs(trailingOnly = TRUE)
dir <- args[1]; thresh <- as.numeric(args[2])
samples <- as.integer(args[3]); min_ms <- as.numeric(args[4]); max_ms <- as.numeric(args[5]); pdir <- args[6]

peer_dir <- dirname(sub("^--file=", "", grep("^--file=", commandArgs(FALSE), value = TRUE)))
source(file.path(peer_dir, "data.R"))
ds <- read_dataset(dir); X <- ds$X; y <- ds$y
rd <- function(f, what, size) { fn <- file.path(pdir, f); readBin(fn, what, file.info(fn)$size / size, size = size, endian = "little") }
grid <- rd("grid.f64", "double", 8)
graded <- rd("graded.i32", "integer", 4)

glmnet.control(fdev = 0, devmax = 1)
fit_once <- function() glmnet(X, y, family = "binomial", alpha = 1, lambda = grid, standardize = FALSE,
                              intercept = TRUE, thresh = thresh, maxit = 1e8)
source(file.path(peer_dir, "timing.R"))

js <- function(v) paste0("[", paste(sprintf("%.17g", v), collapse = ","), "]")
timing <- sprintf('{"medianMs":%.17g,"minMs":%.17g,"samples":%d,"loops":%d,"firstMs":%.17g}',
                  median(per), min(per), length(per), loops, first)
B <- as.matrix(fit$beta)
coefs <- paste0("[", paste(vapply(graded + 1L, function(k) js(B[, k]), ""), collapse = ","), "]")
cat(sprintf('{"solver":"glmnet","timing":%s,"coefs":%s,"intercepts":%s,"nIter":%d,"converged":%s,"detail":"%s"}\n',
            timing, coefs, js(fit$a0[graded + 1L]), as.integer(fit$npasses),
            if (fit$jerr == 0 && length(fit$lambda) == length(grid)) "true" else "false",
            sprintf("glmnet(family='binomial', lambda=grid, standardize=FALSE, thresh=%g) + glmnet.control(fdev=0, devmax=1)", thresh)))
