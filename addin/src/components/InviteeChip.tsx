import { Button, makeStyles, tokens } from '@fluentui/react-components';
import type { DraftInvitee } from '../draft.js';
import { countryName, localTimeIn } from '../format.js';

const useStyles = makeStyles({
  chip: {
    display: 'inline-flex',
    alignItems: 'center',
    gap: tokens.spacingHorizontalXS,
    padding: `2px 2px 2px ${tokens.spacingHorizontalS}`,
    borderRadius: tokens.borderRadiusCircular,
    backgroundColor: tokens.colorBrandBackground2,
    color: tokens.colorNeutralForeground1,
    fontSize: tokens.fontSizeBase200,
    maxWidth: '100%',
  },
  label: { overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap' },
  meta: { color: tokens.colorNeutralForeground2, whiteSpace: 'nowrap' },
});

/** A picked clinician, hospital or guest: name, country and their local time now; removable. */
export function InviteeChip({ invitee, onRemove }: { invitee: DraftInvitee; onRemove?: () => void }) {
  const s = useStyles();
  const where = invitee.countryCode
    ? `${countryName(invitee.countryCode)} · ${localTimeIn(invitee.countryCode)}`
    : invitee.kind === 'guest'
      ? 'guest'
      : '';
  return (
    <span className={s.chip} data-testid="invitee-chip">
      <span className={s.label}>
        {invitee.kind === 'hospital' ? 'All of ' : ''}
        {invitee.label}
      </span>
      {where && <span className={s.meta}>({where})</span>}
      {onRemove && (
        <Button
          size="small"
          appearance="transparent"
          aria-label={`Remove ${invitee.label}`}
          onClick={onRemove}
          style={{ minWidth: 0, padding: '0 6px' }}
        >
          ×
        </Button>
      )}
    </span>
  );
}
