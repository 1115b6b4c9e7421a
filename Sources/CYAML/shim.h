#ifndef CREDFILE_CYAML_SHIM_H
#define CREDFILE_CYAML_SHIM_H
#include <yaml.h>
#endif
