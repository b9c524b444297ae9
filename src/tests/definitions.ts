import { DEVICE_FARM_PROVIDER } from './device-farm';
import { INSPECTOR_SCAN_PROVIDER } from './inspector';
import type { ProviderDefinition } from '../providers/definition';

/** The providers of this folder, one definition per provider module. */
export function testsProviders(): ProviderDefinition[] {
  return [
    DEVICE_FARM_PROVIDER,
    INSPECTOR_SCAN_PROVIDER,
  ];
}
