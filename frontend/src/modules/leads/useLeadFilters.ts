import { useCallback, useMemo } from 'react';
import { useSearchParams } from 'react-router';
import { leadFiltersToSearchParams, parseLeadFilters, updateLeadFilters, type LeadFilters } from './filters';

/** The leads filters, read from and written to the URL (shared by the table and the board). */
export function useLeadFilters() {
  const [params, setParams] = useSearchParams();
  const filters = useMemo(() => parseLeadFilters(params), [params]);
  const setFilters = useCallback(
    (patch: Partial<LeadFilters>, options?: { replace?: boolean }) => {
      setParams((current) => leadFiltersToSearchParams(updateLeadFilters(parseLeadFilters(current), patch)), {
        replace: options?.replace ?? false,
      });
    },
    [setParams],
  );
  return [filters, setFilters] as const;
}
