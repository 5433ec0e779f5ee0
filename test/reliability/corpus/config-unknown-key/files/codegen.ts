export const tasklist = {
  schemasDir: 'schemas',
  outdir: 'generated',
};
export default {};
