#include "lab-error.h"

G_DEFINE_QUARK (lab-error-quark, lab_error)
