import { useParams } from 'react-router-dom';
import { MemberDetail } from './member-detail';
import { MemberList } from './member-list';
import './members.css';

/**
 * 党员档案: the members of the official's organizations (a branch's roster, or the members an
 * organization sends out), and /desk/members/<memberId> for one member's whole journey.
 */
export default function MembersPage() {
  const memberId = useParams()['*'] || null;
  return memberId ? <MemberDetail key={memberId} memberId={memberId} /> : <MemberList />;
}
