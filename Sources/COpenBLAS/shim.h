#include <cblas.h>
// OpenBLAS extensions: thread count and build configuration, for provenance.
void openblas_set_num_threads(int num_threads);
char *openblas_get_config(void);
char *openblas_get_corename(void);
