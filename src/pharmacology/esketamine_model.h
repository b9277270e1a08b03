// The Perez-Ruixo 2021 population model of esketamine nasal spray (the Janssen/FDA model), with
// noresketamine and the hepatic first-pass compartment. Listed by pk_models().
#pragma once

#include "pharmacology/pk_model.h"

namespace plasticity::pk {

PkModel perez_ruixo2021();

// Fraction of one 28 mg device absorbed through the nose: 0.54 for the first device of a dose,
// ×0.62 for each later one (Perez-Ruixo 2021, Table 3).
double nasal_fraction(int device_index);

}  // namespace plasticity::pk
