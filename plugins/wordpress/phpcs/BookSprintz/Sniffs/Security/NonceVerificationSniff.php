<?php
/**
 * Request data is read only where a nonce is checked in the same function, as
 * WordPress's `WordPress.Security.NonceVerification` demands. (Values reaching the
 * plugin through the Settings API are checked by options.php before its sanitize
 * callback runs, and never touch the superglobals here.)
 *
 * @package BookSprintz
 */

namespace BookSprintz\Sniffs\Security;

use PHP_CodeSniffer\Files\File;
use PHP_CodeSniffer\Sniffs\Sniff;

/**
 * Flags `$_POST`, `$_GET`, `$_REQUEST` and `$_FILES` outside a nonce-checking function.
 */
class NonceVerificationSniff implements Sniff {

	/**
	 * Calls that verify a nonce.
	 *
	 * @var string[]
	 */
	const VERIFYING = array( 'wp_verify_nonce', 'check_admin_referer', 'check_ajax_referer' );

	/**
	 * The tokens this sniff looks at.
	 *
	 * @return array<int|string>
	 */
	public function register() {
		return array( T_VARIABLE );
	}

	/**
	 * Checks one variable.
	 *
	 * @param File $file     The file being checked.
	 * @param int  $position The token's position.
	 * @return void
	 */
	public function process( File $file, $position ) {
		$tokens = $file->getTokens();
		if ( ! in_array( $tokens[ $position ]['content'], array( '$_POST', '$_GET', '$_REQUEST', '$_FILES' ), true ) ) {
			return;
		}
		$start = 0;
		$end   = $file->numTokens - 1;
		foreach ( $tokens[ $position ]['conditions'] as $owner => $code ) {
			if ( T_FUNCTION === $code || T_CLOSURE === $code ) {
				$start = $tokens[ $owner ]['scope_opener'];
				$end   = $tokens[ $owner ]['scope_closer'];
			}
		}
		for ( $i = $start; $i <= $end; $i++ ) {
			if ( T_STRING === $tokens[ $i ]['code'] && in_array( strtolower( $tokens[ $i ]['content'] ), self::VERIFYING, true ) ) {
				return;
			}
		}
		$file->addError( '%s is read without a nonce check in the same function (wp_verify_nonce, check_admin_referer).', $position, 'Missing', array( $tokens[ $position ]['content'] ) );
	}
}
