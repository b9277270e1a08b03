// S-ketamine/esketamine models with their metabolite, listed by pk_models():
//  - perez_ruixo2021: esketamine nasal spray (the Janssen/FDA model), hepatic first pass and
//    noresketamine;
//  - fanta2015: intravenous S-ketamine with S-norketamine (the Otto 2021 re-fit).
#pragma once

#include "pharmacology/pk_model.h"

namespace plasticity::pk {

PkModel perez_ruixo2021();
PkModel fanta2015();

// Fraction of one 28 mg device absorbed through the nose: 0.54 for the first device of a dose,
// ×0.62 for each later one (Perez-Ruixo 2021, Table 3).
double nasal_fraction(int device_index);

}  // namespace plasticity::pk
