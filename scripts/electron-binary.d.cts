export type ElectronBinary = { path: string; version: string; reason?: undefined } | { reason: string; path?: undefined; version?: undefined };
export function findElectron(): ElectronBinary;
