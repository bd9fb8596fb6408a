# JSON output for the R reference scripts. Numbers are written with sprintf("%.17g"):
# jsonlite::toJSON(digits = NA) keeps only 15 significant digits, which does NOT round-trip doubles.
jnum <- function(x) {
  s <- sprintf("%.17g", x)
  s[is.na(x)] <- "null"
  inf <- is.infinite(x)
  s[inf] <- ifelse(x[inf] > 0, "\"Inf\"", "\"-Inf\"")
  s
}
jscalars <- function(x) {
  if (is.character(x)) return(encodeString(x, quote = "\""))
  if (is.logical(x)) return(ifelse(is.na(x), "null", ifelse(x, "true", "false")))
  if (is.integer(x)) return(ifelse(is.na(x), "null", as.character(x)))
  jnum(as.double(x))
}
tojson <- function(x) {
  if (is.null(x)) return("null")
  if (is.list(x)) {
    if (!is.null(names(x))) {
      return(paste0("{", paste0(encodeString(names(x), quote = "\""), ":",
                                vapply(x, tojson, ""), collapse = ","), "}"))
    }
    return(paste0("[", paste(vapply(x, tojson, ""), collapse = ","), "]"))
  }
  if (is.matrix(x)) {
    rows <- vapply(seq_len(nrow(x)), function(i) paste0("[", paste(jscalars(x[i, ]), collapse = ","), "]"), "")
    return(paste0("[", paste(rows, collapse = ","), "]"))
  }
  v <- jscalars(x)
  if (length(x) == 1 && !inherits(x, "AsIs")) return(v)
  paste0("[", paste(v, collapse = ","), "]")
}

