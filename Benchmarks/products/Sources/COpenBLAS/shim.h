#include <cblas.h>
// OpenBLAS extensions: thread count and the core it dispatched to.
void openblas_set_num_threads(int num_threads);
char *openblas_get_config(void);
char *openblas_get_corename(void);
