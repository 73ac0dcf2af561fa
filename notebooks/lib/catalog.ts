/** The reading order of the index (notebooks not listed follow, by name). */
export const ORDER: readonly string[] = ['lemaire2004-perturbations', 'pivonka2008-structure', 'osteoporosis-vs-osteopetrosis', 'metastasis-vicious-cycle'];

/** Notebooks the issue asks for that cannot be written yet, listed on the index until they exist. */
export const PLANNED: readonly { name: string; title: string; needs: string }[] = [
  {
    name: 'metastasis-vicious-cycle',
    title: 'The metastasis vicious cycle, and what OPG and bisphosphonates do to it',
    needs: 'the mechanism model (models/bone-rankl.yaml, with a tumour) and its metastasis scenarios',
  },
];
