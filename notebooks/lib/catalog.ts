/** The reading order of the index (notebooks not listed follow, by name). */
export const ORDER: readonly string[] = ['lemaire2004-perturbations', 'pivonka2008-structure', 'osteoporosis-vs-osteopetrosis', 'metastasis-vicious-cycle'];

/** Notebooks the issue asks for that cannot be written yet, listed on the index until they exist. */
export const PLANNED: readonly { name: string; title: string; needs: string }[] = [];
