/** ID numbers are sensitive: screens show the region and the last four only. */
export function maskIdNumber(id: string): string {
  return id.length === 18 ? `${id.slice(0, 6)}********${id.slice(-4)}` : id;
}
