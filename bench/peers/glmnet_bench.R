#!/usr/bin/env Rscript
# glmnet peer for bench/run.ts: reads a dataset in the shared format, fits one model at one
# lambda from a cold start, times the fit alone with the same rule as bench/timing.ts, and
# prints one JSON line.
#
# usage: glmnet_bench.R DIR MODEL L1 L2 THRESH SAMPLES MIN_SAMPLE_MS MAX_TOTAL_MS
# Canonical mapping (gaussian, standardize = FALSE; ../../shared/datasets/README.md):
#   lambda = l1 + 2*l2*sd_y, alpha = l1/lambda, sd_y = sqrt(mean((y - ybar)^2)),
# i.e. lasso: lambda = l1, alpha = 1; ridge: lambda = 2*l2*sd_y, alpha = 0.
suppressPackageStartupMessages(library(glmnet))

args <- commandArgs(trailingOnly = TRUE)
dir <- args[1]; model <- args[2]
l1 <- as.numeric(args[3]); l2 <- as.numeric(args[4]); thresh <- as.numeric(args[5])
samples <- as.integer(args[6]); min_ms <- as.numeric(args[7]); max_ms <- as.numeric(args[8])

peer_dir <- dirname(sub("^--file=", "", grep("^--file=", commandArgs(FALSE), value = TRUE)))
source(file.path(peer_dir, "data.R"))
ds <- read_dataset(dir); n <- ds$n; p <- ds$p; X <- ds$X; y <- ds$y

sd_y <- sqrt(mean((y - mean(y))^2))
lambda <- l1 + 2 * l2 * sd_y
alpha <- if (lambda > 0) l1 / lambda else 1
glmnet.control(fdev = 0, devmax = 1)
fit_once <- function() glmnet(X, y, family = "gaussian", alpha = alpha, lambda = lambda,
                              standardize = FALSE, intercept = TRUE, thresh = thresh, maxit = 1e8)

source(file.path(peer_dir, "timing.R"))

b <- as.numeric(coef(fit))
coefs <- b[-1]; intercept <- b[1]
r <- y - X %*% coefs - intercept
obj <- sum(r^2) / (2 * n) + l1 * sum(abs(coefs)) + l2 * sum(coefs^2)
js <- function(v) paste0("[", paste(sprintf("%.17g", v), collapse = ","), "]")
cat(sprintf(paste0('{"solver":"glmnet","version":"%s","R":"%s","timing":{"medianMs":%.17g,"minMs":%.17g,',
                   '"samples":%d,"loops":%d,"firstMs":%.17g},"coef":%s,"intercept":%.17g,"objective":%.17g,',
                   '"nIter":%d,"converged":%s,"detail":"%s"}\n'),
            as.character(packageVersion("glmnet")), paste(R.version$major, R.version$minor, sep = "."),
            median(per), min(per), length(per), loops, first, js(coefs), intercept, obj,
            as.integer(fit$npasses), if (fit$jerr == 0) "true" else "false",
            sprintf("glmnet(lambda=%.6g, alpha=%.6g, standardize=FALSE, thresh=%g, type.gaussian=%s)%s",
                    lambda, alpha, thresh, if (p < 500) "covariance" else "naive",
                    if (inherits(X, "sparseMatrix")) " on a dgCMatrix" else "")))
