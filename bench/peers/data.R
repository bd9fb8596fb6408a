# Reads a bench dataset (row-major X.f64, y.f64, meta.json) for the R peers: sets n, p, X, y.
read_dataset <- function(dir) {
  meta_txt <- paste(readLines(file.path(dir, "meta.json"), warn = FALSE), collapse = "")
  num <- function(key) as.integer(sub(paste0('.*"', key, '"\\s*:\\s*([0-9]+).*'), "\\1", meta_txt))
  n <- num("n"); p <- num("p")
  X <- matrix(readBin(file.path(dir, "X.f64"), "double", n * p, size = 8, endian = "little"),
              nrow = n, ncol = p, byrow = TRUE)
  y <- readBin(file.path(dir, "y.f64"), "double", n, size = 8, endian = "little")
  list(n = n, p = p, X = X, y = y)
}
