/** Notebooks the issue asks for that cannot be written yet, listed on the index until they exist. */
export const PLANNED: readonly { name: string; title: string; needs: string }[] = [
  {
    name: 'metastasis-vicious-cycle',
    title: 'The metastasis vicious cycle, and what OPG and bisphosphonates do to it',
    needs: 'the mechanism model (models/bone-rankl.yaml, with a tumour) and its metastasis scenarios',
  },
];
