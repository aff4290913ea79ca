// Package exception turns Go errors and recovered panics into the exception
// objects of an X-Ray document's cause block.
//
// A FormattingStrategy builds errors that carry the stack of the place they
// were created (Error, Errorf, Panic, Panicf) and converts any error into an
// Exception (ExceptionFromError): a random id, the error's type name and
// message, whether it came from a remote AWS service, and its stack as
// {path, line, label} frames. DefaultFormattingStrategy is the formatter the
// SDK uses unless the configuration names another one.
package exception
