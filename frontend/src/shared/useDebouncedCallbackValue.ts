import { useState } from 'react';
import { useDebouncedCallback } from '@mantine/hooks';

/**
 * A text input's local value that follows an external value (the URL) and reports changes after
 * a pause: typing stays smooth, the URL is written once.
 */
export function useDebouncedInput(external: string, onCommit: (value: string) => void, wait = 350) {
  const [value, setValue] = useState(external);
  const [seen, setSeen] = useState(external);
  const commit = useDebouncedCallback(onCommit, wait);
  if (seen !== external) {
    // The URL changed from elsewhere (back button, "clear filters"): follow it.
    setSeen(external);
    setValue(external);
  }
  return {
    value,
    onChange: (next: string) => {
      setValue(next);
      commit(next);
    },
  };
}
