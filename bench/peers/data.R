# Reads a bench dataset (row-major X.f64, y.f64, meta.json) for the R peers: sets n, p, X, y.
# A sparse set (layout "csc": indptr.i32, indices.i32, data.f64) becomes a Matrix dgCMatrix,
# which glmnet fits as sparse.
read_dataset <- function(dir) {
  meta_txt <- paste(readLines(file.path(dir, "meta.json"), warn = FALSE), collapse = "")
  num <- function(key) as.integer(sub(paste0('.*"', key, '"\\s*:\\s*([0-9]+).*'), "\\1", meta_txt))
  n <- num("n"); p <- num("p")
  if (grepl('"layout"\\s*:\\s*"csc"', meta_txt)) {
    nnz <- num("nnz")
    ints <- function(f, k) readBin(file.path(dir, f), "integer", k, size = 4, endian = "little")
    X <- Matrix::sparseMatrix(i = ints("indices.i32", nnz), p = ints("indptr.i32", p + 1),
                              x = readBin(file.path(dir, "data.f64"), "double", nnz, size = 8, endian = "little"),
                              dims = c(n, p), index1 = FALSE)
    y <- readBin(file.path(dir, "y.f64"), "double", n, size = 8, endian = "little")
    return(list(n = n, p = p, X = X, y = y))
  }
  X <- matrix(readBin(file.path(dir, "X.f64"), "double", n * p, size = 8, endian = "little"),
              nrow = n, ncol = p, byrow = TRUE)
  y <- readBin(file.path(dir, "y.f64"), "double", n, size = 8, endian = "little")
  list(n = n, p = p, X = X, y = y)
}
